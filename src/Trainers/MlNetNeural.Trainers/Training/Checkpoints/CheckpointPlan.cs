namespace MlNetNeural.Training.Checkpoints;

/// <summary>Where and how often a fit saves checkpoints, and whether it resumes from one.</summary>
/// <param name="Path">The checkpoint file.</param>
/// <param name="EveryEpochs">Epochs between checkpoints.</param>
/// <param name="Resume">Whether to continue from the file if it exists.</param>
/// <param name="Seed">The seed of the fit's random generator, saved so a resume without a set seed uses it.</param>
/// <param name="Options">The fit's options as its fingerprint names them (<see cref="CheckpointFingerprint.DescribeOptions"/>).</param>
internal sealed record CheckpointPlan(string Path, int EveryEpochs, bool Resume, int Seed, IReadOnlyList<KeyValuePair<string, string>> Options);
