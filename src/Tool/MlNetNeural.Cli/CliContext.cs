namespace MlNetNeural.Cli;

/// <summary>Where a command writes, whether stderr is a terminal, and the token that cancels it.</summary>
/// <param name="Out">Results: metrics, tables, predictions.</param>
/// <param name="Error">Progress, notes and the one-line error.</param>
/// <param name="ErrorIsTerminal">Whether <see cref="Error"/> is a terminal (draw a live progress bar) or redirected (plain lines).</param>
/// <param name="Cancellation">Cancelled by Ctrl+C or SIGTERM, or by a test.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, CancellationToken Cancellation);
