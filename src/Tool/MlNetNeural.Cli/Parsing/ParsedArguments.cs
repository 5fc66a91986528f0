using System.Globalization;

namespace MlNetNeural.Cli.Parsing;

/// <summary>
/// A command's parsed arguments, with typed readers that turn a bad value into a
/// <see cref="UsageException"/> naming the option and what it expects.
/// </summary>
internal sealed class ParsedArguments(string command, IReadOnlyList<string> positionals, IReadOnlyDictionary<string, string?> values)
{
    /// <summary>The command the arguments belong to.</summary>
    public string Command { get; } = command;

    /// <summary>The positional arguments, in order.</summary>
    public IReadOnlyList<string> Positionals { get; } = positionals;

    /// <summary>Whether <c>--help</c> or <c>-h</c> was given.</summary>
    public bool HelpRequested => values.ContainsKey("help");

    /// <summary>Every option given, by name (a flag's value is <c>null</c>).</summary>
    public IReadOnlyDictionary<string, string?> Given => values;

    /// <summary>Whether the option was given.</summary>
    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>Whether the flag was given.</summary>
    public bool Flag(string name) => values.ContainsKey(name);

    /// <summary>The option's text, or <c>null</c> when absent.</summary>
    public string? Text(string name) => values.TryGetValue(name, out var value) ? value : null;

    /// <summary>A whole number &gt;= <paramref name="min"/>, or <c>null</c> when absent.</summary>
    public int? Int(string name, int min = int.MinValue)
    {
        if (Text(name) is not { } text)
            return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw Bad(name, text, "a whole number");
        if (value < min)
            throw new UsageException($"--{name} must be >= {min}, got {value}");
        return value;
    }

    /// <summary>A finite number, or <c>null</c> when absent.</summary>
    public double? Double(string name)
    {
        if (Text(name) is not { } text)
            return null;
        return ParseDouble(name, text);
    }

    /// <summary>A comma-separated list of whole numbers &gt;= <paramref name="min"/>; an empty value or <c>none</c> is the empty list.</summary>
    public int[]? IntList(string name, int min)
    {
        if (Text(name) is not { } text)
            return null;
        if (text.Trim().Length == 0 || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
            return [];
        return text.Split(',').Select(part =>
        {
            if (!int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
                throw Bad(name, part.Trim(), "a comma-separated list of whole numbers, e.g. 64,32");
            if (value < min)
                throw new UsageException($"--{name}: every value must be >= {min}, got {value}");
            return value;
        }).ToArray();
    }

    /// <summary>A comma-separated list of finite numbers (at least one), or <c>null</c> when absent.</summary>
    public double[]? DoubleList(string name)
    {
        if (Text(name) is not { } text)
            return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => p.Length == 0))
            throw Bad(name, text, "a comma-separated list of numbers, e.g. 1e-4,1e-3,1e-2");
        return parts.Select(p => ParseDouble(name, p)).ToArray();
    }

    /// <summary>One of the named values (case, '-' and '_' ignored), or <c>null</c> when absent.</summary>
    public T? Choice<T>(string name, IReadOnlyDictionary<string, T> choices) where T : struct
    {
        if (Text(name) is not { } text)
            return null;
        return Names.Find(text, choices) ?? throw new UsageException(
            $"--{name}: unknown value '{text}'; expected one of {string.Join(", ", choices.Keys)}");
    }

    private static double ParseDouble(string name, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Bad(name, text, "a number");
        return value;
    }

    private static UsageException Bad(string name, string text, string expected) => new($"--{name}: '{text}' is not {expected}");
}
