using MlNetNeural.Cli.Tests.Support;
using SkiaSharp;

namespace MlNetNeural.Cli.Tests.InProcess;

/// <summary>
/// <c>report</c> writes one self-contained page: no network, no script, every picture inline. It is opened in a real
/// headless browser: the page must load without a console error, and its screenshot must show the loss curves (the
/// training and validation lines in their plot colours).
/// </summary>
public sealed class ReportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (string Page, string Html) Report(string data, string label, params string[] trainOptions)
    {
        string model = _folder.File("model.zip"), page = _folder.File("report.html");
        Tool.Ok(["train", TestData.PathOf(data), "--label", label, "--out", model, "--quiet", .. trainOptions]);
        var report = Tool.Ok("report", model, "--data", TestData.PathOf(data), "--out", page);
        Assert.Equal($"wrote {page}", report.Stdout.Trim());
        return (page, File.ReadAllText(page));
    }

    [Fact]
    public void The_page_holds_every_section_and_needs_nothing_from_outside()
    {
        var (_, html) = Report("newspaper_churn", "Subscriber", "--hidden", "8", "--epochs", "4");
        foreach (string section in new[] { "Model", "Featurization", "Network", "Training options", "Training curves", "Metrics on newspaper_churn.csv", "Top features by permutation importance" })
            Assert.Contains($"<h2>{section}</h2>", html, StringComparison.Ordinal);
        Assert.Contains("identifier: 1584 distinct values in 1585 rows", html, StringComparison.Ordinal);
        Assert.Contains("<td>--hidden</td><td>8</td>", html, StringComparison.Ordinal);
        Assert.Contains("Confusion table", html, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Regression_gets_the_prediction_plot_and_its_importance_in_r_squared()
    {
        var (_, html) = Report("diabetes", "Label", "--hidden", "8", "--epochs", "4");
        Assert.Contains("id=\"residual-plot\"", html, StringComparison.Ordinal);
        Assert.Contains("drop in R²", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("Confusion table", html, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public void In_a_headless_browser_the_page_loads_without_console_errors_and_shows_the_curves()
    {
        var (page, _) = Report("newspaper_churn", "Subscriber", "--hidden", "8", "--epochs", "6");
        string screenshot = _folder.File("report.png");
        string log = Chromium.Screenshot(page, screenshot, _folder.File("profile"), 1000, 3000);

        // The page has no script, so any console line is the browser's complaint: a blocked load, a bad picture.
        Assert.DoesNotContain(log.Split('\n'), l => l.Contains(":CONSOLE", StringComparison.Ordinal));
        PngCheck.AssertNonTrivial(screenshot);
        // The loss curve's two lines, in the plots' first two series colours (Category10 blue and orange).
        using var bitmap = SKBitmap.Decode(screenshot);
        var colours = bitmap.Pixels.Select(p => (p.Red, p.Green, p.Blue)).ToHashSet();
        Assert.Contains(((byte)0x1f, (byte)0x77, (byte)0xb4), colours);
        Assert.Contains(((byte)0xff, (byte)0x7f, (byte)0x0e), colours);
    }
}
