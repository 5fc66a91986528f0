using System.Globalization;
using System.Net;
using System.Text;
using MlNetNeural.Cli.Models;

namespace MlNetNeural.Cli.Output;

/// <summary>
/// One self-contained HTML page about a model: no network, no script; pictures are PNGs inlined as data URIs. The
/// sections are given in order, each a heading with HTML that the caller built from escaped text (see <see cref="Text"/>).
/// </summary>
internal sealed class HtmlReport(string title)
{
    private readonly StringBuilder _body = new();

    /// <summary>Text made safe for HTML.</summary>
    public static string Text(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A section: a heading and its (already escaped) HTML.</summary>
    public HtmlReport Section(string heading, string html)
    {
        _body.Append("<section><h2>").Append(Text(heading)).Append("</h2>\n").Append(html).Append("</section>\n");
        return this;
    }

    /// <summary>A table of escaped cells, the first row its header.</summary>
    public static string Table(IEnumerable<IReadOnlyList<string>> rows)
    {
        var html = new StringBuilder("<table>\n");
        bool header = true;
        foreach (var row in rows)
        {
            string cell = header ? "th" : "td";
            html.Append("<tr>").AppendJoin("", row.Select(c => $"<{cell}>{Text(c)}</{cell}>")).Append("</tr>\n");
            header = false;
        }
        return html.Append("</table>\n").ToString();
    }

    /// <summary>Preformatted text (a confusion table, a metrics list).</summary>
    public static string Preformatted(string text) => $"<pre>{Text(text)}</pre>\n";

    /// <summary>A PNG picture inlined as a data URI, with its alternative text.</summary>
    public static string Picture(byte[] png, string alt, string id) =>
        $"<img id=\"{Text(id)}\" alt=\"{Text(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">\n";

    /// <summary>The page.</summary>
    public override string ToString() => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
        <title>{{Text(title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; font-size: 0.9rem; } th, td { border: 1px solid #ddd; padding: 0.2rem 0.5rem; text-align: left; }
        pre { background: #f6f6f6; padding: 0.5rem; overflow-x: auto; } img { max-width: 100%; }
        </style>
        </head>
        <body>
        <h1>{{Text(title)}}</h1>
        {{_body}}</body>
        </html>
        """;

    /// <summary>A number for the page, invariant.</summary>
    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The featurization table of a manifest (version 1: every feature a number).</summary>
    public static string Featurization(ModelManifest manifest) => Table(
        new[] { (IReadOnlyList<string>)["column", "detected", "featurization"] }.Concat(
            manifest.Columns?.Select(c => (IReadOnlyList<string>)[c.Name, c.Detected, Data.Featurization.Describe(c)])
            ?? manifest.Features.Select(f => (IReadOnlyList<string>)[f, "numbers", "standardized"])));
}
