using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Commands;

/// <summary>One sub-command of the tool: its help and its work.</summary>
internal interface ICommand
{
    /// <summary>The name typed after <c>mlnetneural</c>.</summary>
    string Name { get; }

    /// <summary>One line for the top-level help.</summary>
    string Summary { get; }

    /// <summary>The positional arguments, in order (shown as <c>&lt;name&gt;</c>).</summary>
    IReadOnlyList<string> Positionals { get; }

    /// <summary>The options besides <c>--quiet</c> and <c>--help</c>.</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Examples for the help, one command line each.</summary>
    IReadOnlyList<string> Examples { get; }

    /// <summary>Does the work; returns the exit code. Throws <see cref="UsageException"/> for a bad command line.</summary>
    int Run(ParsedArguments args, CliContext context);
}
