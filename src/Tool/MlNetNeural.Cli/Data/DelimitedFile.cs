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

    private DelimitedFile(string path, char separator, string[] header, List<string[]> sample, bool hasHeader)
    {
        HasHeader = hasHeader;
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
    /// <param name="columns">For a file without a header line (<c>--no-header --columns</c>): its columns' names, in order; <c>null</c> to read them from the first line.</param>
    public static DelimitedFile Open(string path, string? separatorOption, string what = "data file", IReadOnlyList<string>? columns = null)
    {
        if (!File.Exists(path))
            throw new UsageException($"{what} '{path}' does not exist");
        char separator = Separator.Resolve(path, separatorOption);
        using var reader = new StreamReader(path);
        string[] header;
        if (columns is null)
        {
            string? headerLine = reader.ReadLine();
            if (string.IsNullOrWhiteSpace(headerLine))
                throw new UsageException($"{what} '{path}' is empty: expected a header line of column names (or give --no-header --columns)");
            header = Split(headerLine, separator).Select(h => h.Trim()).ToArray();
        }
        else
        {
            header = [.. columns];
        }
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UsageException(columns is null ? $"{what} '{path}' has the column '{duplicate.Key}' twice" : $"--columns names '{duplicate.Key}' twice");
        var sample = new List<string[]>();
        while (sample.Count < SampleRows && reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
                sample.Add(Split(line, separator));
        }
        if (columns is not null && sample.Count == 0)
            throw new UsageException($"{what} '{path}' is empty");
        if (columns is not null && sample[0].Length != header.Length)
            throw new UsageException($"--columns names {header.Length} column(s) but the first line of '{path}' has {sample[0].Length} field(s)");
        return new DelimitedFile(System.IO.Path.GetFullPath(path), separator, header, sample, hasHeader: columns is null);
    }

    /// <summary>
    /// Opens the command's data file: with <c>--no-header</c>, <c>--columns</c> names its columns (the first line is data).
    /// </summary>
    public static DelimitedFile Open(string path, Parsing.ParsedArguments args, string what = "data file")
    {
        bool noHeader = args.Flag("no-header");
        string? names = args.Text("columns");
        if (noHeader != names is not null)
            throw new UsageException(noHeader ? "--no-header needs --columns: the names of the file's columns, in order, e.g. --columns Label,Text" : "--columns names the columns of a file without a header line: give --no-header too");
        return Open(path, args.Text("separator"), what, names?.Split(',').Select(n => n.Trim()).ToArray());
    }

    /// <summary>Whether the file's first line is its header (else the columns were named with <c>--columns</c>).</summary>
    public bool HasHeader { get; }

    /// <summary>The index of a column in the header, or -1.</summary>
    public int IndexOf(string column) => Array.IndexOf((string[])Header, column);

    /// <summary>Every data row of the file, split into fields, streamed (blank lines skipped).</summary>
    public IEnumerable<string[]> AllRows() =>
        File.ReadLines(Path).Skip(HasHeader ? 1 : 0).Where(line => line.Length > 0).Select(line => Split(line, SeparatorChar));

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
