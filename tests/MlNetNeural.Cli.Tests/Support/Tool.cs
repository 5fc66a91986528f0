namespace MlNetNeural.Cli.Tests.Support;

/// <summary>What one run of the tool produced.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the tool in-process through <see cref="CliApp.Run"/>.</summary>
public static class Tool
{
    public static CliResult Run(params string[] args) => Run(CancellationToken.None, null, false, args);

    /// <summary>Runs with a token, an optional stderr writer (to observe progress as it happens) and the terminal flag.</summary>
    public static CliResult Run(CancellationToken cancellation, TextWriter? stderr, bool terminal, params string[] args)
    {
        var stdout = new StringWriter();
        stderr ??= new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, cancellation, terminal);
        return new CliResult(code, stdout.ToString(), stderr.ToString()!);
    }

    /// <summary>Runs and asserts success, showing the output on failure.</summary>
    public static CliResult Ok(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}

/// <summary>A stderr writer that calls back on every complete line, so a test can act on progress as it is written.</summary>
public sealed class LineWatchingWriter(Action<string> onLine) : StringWriter
{
    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        onLine(value ?? "");
    }
}
