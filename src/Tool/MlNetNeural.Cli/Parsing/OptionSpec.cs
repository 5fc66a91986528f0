namespace MlNetNeural.Cli.Parsing;

/// <summary>One option a command accepts: <c>--name</c> alone (a flag) or <c>--name VALUE</c>.</summary>
/// <param name="Name">The option without its leading dashes, e.g. <c>epochs</c>.</param>
/// <param name="ValueName">What the value is, shown in help (e.g. <c>N</c>); <c>null</c> for a flag.</param>
/// <param name="Help">One line of help.</param>
internal sealed record OptionSpec(string Name, string? ValueName, string Help)
{
    /// <summary>Whether the option takes no value.</summary>
    public bool IsFlag => ValueName is null;

    /// <summary>The option as typed, e.g. <c>--epochs</c>.</summary>
    public string Flag => "--" + Name;

    /// <summary>The options every command accepts.</summary>
    public static IReadOnlyList<OptionSpec> Common { get; } =
    [
        new("quiet", null, "No progress output on stderr."),
        new("help", null, "Show this help."),
    ];
}
