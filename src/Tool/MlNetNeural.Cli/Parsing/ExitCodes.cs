namespace MlNetNeural.Cli.Parsing;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>The command did its work.</summary>
    public const int Success = 0;

    /// <summary>The work itself failed (unreadable model, data that does not fit the model, a diverged run).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong; nothing was done.</summary>
    public const int Usage = 2;

    /// <summary>Cancelled by Ctrl+C or SIGTERM (128 + SIGINT, the shell's convention); nothing was written.</summary>
    public const int Cancelled = 130;
}
