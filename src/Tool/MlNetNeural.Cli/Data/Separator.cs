using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Data;

/// <summary>The field separator: from <c>--separator</c>, else the file's extension, else its header line.</summary>
internal static class Separator
{
    private static readonly char[] Candidates = ['\t', ',', ';', '|'];

    /// <summary>The options every command that reads a data file takes: the separator, and the names of a header-less file's columns.</summary>
    public static IReadOnlyList<OptionSpec> FileOptions { get; } =
    [
        new("separator", "SEP", Help),
        new("no-header", null, "The file has no header line: its first line is data (give --columns)."),
        new("columns", "NAMES", "With --no-header: the file's column names, comma-separated, in order (e.g. Label,Text)."),
    ];

    private static readonly Dictionary<string, char> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["comma"] = ',', [","] = ',',
        ["tab"] = '\t', ["\\t"] = '\t', ["\t"] = '\t',
        ["semicolon"] = ';', [";"] = ';',
        ["pipe"] = '|', ["|"] = '|',
        ["space"] = ' ', [" "] = ' ',
    };

    /// <summary>The help text of <c>--separator</c>.</summary>
    public const string Help = "Field separator: comma, tab, semicolon, pipe, space or the character (default: by extension, .tsv/.tab = tab, .csv = comma; else guessed from the header).";

    /// <summary>Resolves the separator of <paramref name="path"/>; <paramref name="option"/> is the <c>--separator</c> text or <c>null</c>.</summary>
    public static char Resolve(string path, string? option)
    {
        if (option is not null)
        {
            return Named.TryGetValue(option, out char named) ? named
                : option.Length == 1 ? option[0]
                : throw new UsageException($"--separator: unknown value '{option}'; expected comma, tab, semicolon, pipe, space or a single character");
        }
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".tsv" or ".tab")
            return '\t';
        if (extension == ".csv")
            return ',';
        string header = File.ReadLines(path).FirstOrDefault() ?? "";
        return Candidates.MaxBy(c => header.Count(h => h == c));
    }
}
