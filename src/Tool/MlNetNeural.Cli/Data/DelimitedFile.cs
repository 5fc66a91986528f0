using System.Globalization;
using System.Text;
using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Data;

/// <summary>
/// A CSV/TSV file as the tool sees it before ML.NET reads it: the path, the separator, the header's
/// column names, a sample of the rows to check the label with, and which columns are numeric over every row.
/// </summary>
internal sealed class DelimitedFile
{
    /// <summary>Rows read to check the label's values.</summary>
    public const int SampleRows = 2000;

    /// <summary>Values that only say "missing": they leave a column numeric (ML.NET reads them as NaN).</summary>
    private static readonly HashSet<string> MissingWords = new(StringComparer.OrdinalIgnoreCase) { "?", "NA", "N/A", "null" };

    private readonly List<string[]> _sample;

    private DelimitedFile(string path, char separator, string[] header, List<string[]> sample)
    {
        Path = path;
        SeparatorChar = separator;
        Header = header;
        _sample = sample;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The field separator.</summary>
    public char SeparatorChar { get; }

    /// <summary>The column names of the header line.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Opens <paramref name="path"/>, throwing <see cref="UsageException"/> when it is missing, empty or has duplicate column names.</summary>
    /// <param name="path">The data file.</param>
    /// <param name="separatorOption">The <c>--separator</c> text, or <c>null</c>.</param>
    /// <param name="what">What the file is, for messages (e.g. "data file").</param>
    public static DelimitedFile Open(string path, string? separatorOption, string what = "data file")
    {
        if (!File.Exists(path))
            throw new UsageException($"{what} '{path}' does not exist");
        char separator = Separator.Resolve(path, separatorOption);
        using var reader = new StreamReader(path);
        string? headerLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(headerLine))
            throw new UsageException($"{what} '{path}' is empty: expected a header line of column names");
        var header = Split(headerLine, separator).Select(h => h.Trim()).ToArray();
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UsageException($"{what} '{path}' has the column '{duplicate.Key}' twice");
        var sample = new List<string[]>();
        while (sample.Count < SampleRows && reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
                sample.Add(Split(line, separator));
        }
        return new DelimitedFile(System.IO.Path.GetFullPath(path), separator, header, sample);
    }

    /// <summary>The index of a column in the header, or -1.</summary>
    public int IndexOf(string column) => Array.IndexOf((string[])Header, column);

    /// <summary>Every data row of the file, split into fields, streamed (blank lines skipped).</summary>
    public IEnumerable<string[]> AllRows() =>
        File.ReadLines(Path).Skip(1).Where(line => line.Length > 0).Select(line => Split(line, SeparatorChar));

    /// <summary>The sampled non-empty values of a column.</summary>
    public IEnumerable<string> Values(int column) => _sample.Select(row => column < row.Length ? row[column].Trim() : "").Where(v => v.Length > 0);

    /// <summary>Whether a trimmed field says "missing": empty, ?, NA, N/A or null (any casing).</summary>
    public static bool IsMissing(string value) => value.Length == 0 || MissingWords.Contains(value);

    /// <summary>Whether <paramref name="text"/> is a number in the invariant culture.</summary>
    public static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Splits one line on the separator, honouring double quotes (<c>""</c> is a quote inside a quoted field) except in TSV.</summary>
    public static string[] Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && separator != '\t') // a TSV field is never quoted, as ML.NET reads it
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
