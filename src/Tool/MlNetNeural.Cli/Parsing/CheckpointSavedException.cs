namespace MlNetNeural.Cli.Parsing;

/// <summary>A cancelled <c>train --checkpoint</c>: no model was written, but a checkpoint was, and the message says where.</summary>
internal sealed class CheckpointSavedException(string checkpointPath)
    : OperationCanceledException($"no model was written; checkpoint saved to '{checkpointPath}': run the same command with --resume to continue");
