using System.Globalization;
using System.Text;
using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Commands;

/// <summary>The help pages, generated from the commands' own option lists so they cannot drift.</summary>
internal static class HelpText
{
    /// <summary>The tool's name as typed.</summary>
    public const string Tool = "mlnetneural";

    /// <summary>The top-level help: the commands and their summaries.</summary>
    public static string TopLevel(IEnumerable<ICommand> commands)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Tool} — train perceptrons and multi-layer perceptrons (ML.NET) on CSV/TSV files.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Usage: {Tool} <command> [arguments] [options]");
        text.AppendLine();
        text.AppendLine("Commands:");
        foreach (var command in commands)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {command.Name,-10} {command.Summary}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run '{Tool} <command> --help' for a command's options.");
        text.AppendLine("Exit codes: 0 success, 1 failure, 2 bad command line, 130 cancelled (Ctrl+C).");
        return text.ToString();
    }

    /// <summary>One command's help: usage line, options with their help, examples.</summary>
    public static string For(ICommand command)
    {
        var text = new StringBuilder();
        string positionals = string.Concat(command.Positionals.Select(p => $" <{p}>"));
        text.AppendLine(CultureInfo.InvariantCulture, $"Usage: {Tool} {command.Name}{positionals} [options]");
        text.AppendLine();
        text.AppendLine(command.Summary);
        text.AppendLine();
        text.AppendLine("Options:");
        var all = command.Options.Concat(OptionSpec.Common).ToList();
        int width = all.Max(o => Left(o).Length) + 2;
        foreach (var option in all)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Left(option).PadRight(width)}{option.Help}");
        if (command.Examples.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Examples:");
            foreach (var example in command.Examples)
                text.AppendLine(CultureInfo.InvariantCulture, $"  {example}");
        }
        return text.ToString();
    }

    private static string Left(OptionSpec option) => option.IsFlag ? option.Flag : $"{option.Flag} {option.ValueName}";
}
