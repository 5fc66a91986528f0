namespace MlNetNeural.Cli.Parsing;

/// <summary>
/// A mistake in the command line (unknown option, bad value, missing file, unknown column): reported
/// as one line on stderr with exit code <see cref="ExitCodes.Usage"/>, before any work starts.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
