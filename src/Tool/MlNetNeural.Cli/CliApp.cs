using MlNetNeural.Cli.Commands;
using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli;

/// <summary>
/// The whole tool behind one call, so tests run commands in-process: dispatches to a command and turns
/// every failure into one line on stderr and an exit code (<see cref="ExitCodes"/>).
/// </summary>
internal static class CliApp
{
    /// <summary>The commands, in help order.</summary>
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new TrainCommand(),
        new EvaluateCommand(),
        new PredictCommand(),
        new CvCommand(),
        new PlotCommand(),
        new ReportCommand(),
    ];

    private static string CommandNames => string.Join(", ", Commands.Select(c => c.Name));

    /// <summary>Runs the command line <paramref name="args"/>; returns the exit code.</summary>
    /// <param name="args">The arguments after the tool's name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where progress, notes and errors go.</param>
    /// <param name="cancellationToken">Cancels a running command, which then writes nothing and returns <see cref="ExitCodes.Cancelled"/>.</param>
    /// <param name="errorIsTerminal">Whether <paramref name="stderr"/> is a terminal: a live progress bar instead of plain lines.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, bool errorIsTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            stderr.WriteLine($"{HelpText.Tool}: missing command; expected one of {CommandNames} (see '{HelpText.Tool} --help')");
            return ExitCodes.Usage;
        }
        if (args[0] is "--help" or "-h" or "help")
        {
            stdout.Write(HelpText.TopLevel(Commands));
            return ExitCodes.Success;
        }
        if (args[0] is "--version")
        {
            stdout.WriteLine(typeof(CliApp).Assembly.GetName().Version?.ToString(3));
            return ExitCodes.Success;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"{HelpText.Tool}: unknown command '{args[0]}'; expected one of {CommandNames} (see '{HelpText.Tool} --help')");
            return ExitCodes.Usage;
        }

        string prefix = $"{HelpText.Tool} {command.Name}";
        try
        {
            var parsed = ArgumentParser.Parse(command.Name, args[1..], command.Options, command.Positionals);
            if (parsed.HelpRequested)
            {
                stdout.Write(HelpText.For(command));
                return ExitCodes.Success;
            }
            return command.Run(parsed, new CliContext(stdout, stderr, errorIsTerminal, cancellationToken));
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"{prefix}: {e.Message} (see '{prefix} --help')");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (IsCancellation(e, cancellationToken))
        {
            stderr.WriteLine($"{prefix}: cancelled; {(e is CheckpointSavedException ? e.Message : "nothing was written")}");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"{prefix}: {OneLine(Innermost(e))}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>An <see cref="OperationCanceledException"/> anywhere in the chain (ML.NET may wrap it), or any failure once cancelled.</summary>
    private static bool IsCancellation(Exception e, CancellationToken token)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is OperationCanceledException)
                return true;
        }
        return e is AggregateException aggregate && aggregate.Flatten().InnerExceptions.Any(x => x is OperationCanceledException)
            || token.IsCancellationRequested;
    }

    /// <summary>The most specific message: ML.NET wraps the real cause in one or more outer exceptions.</summary>
    private static Exception Innermost(Exception e)
    {
        if (e is AggregateException aggregate && aggregate.Flatten().InnerExceptions.Count > 0)
            e = aggregate.Flatten().InnerExceptions[0];
        while (e.InnerException is not null && e is System.Reflection.TargetInvocationException or AggregateException)
            e = e.InnerException;
        return e;
    }

    /// <summary>
    /// The message on one line (ML.NET and argument exceptions add lines): its lines joined, nothing taken out, because
    /// the tool does not read what a message says (an option's fault arrives as <see cref="InvalidOptionException"/>).
    /// </summary>
    internal static string OneLine(Exception e)
    {
        var message = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return message.Length == 0 ? e.GetType().Name : string.Join(" ", message);
    }
}
