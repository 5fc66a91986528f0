namespace MlNetNeural.Perceptron;

/// <summary>One epoch of perceptron training, as <see cref="PerceptronOptionsBase.EpochCallback"/> receives it.</summary>
/// <param name="Epoch">Zero-based epoch number.</param>
/// <param name="Misclassifications">Examples the rule misclassified (and so updated on) during the epoch.</param>
/// <param name="Examples">Examples visited in the epoch (rows of example weight zero are skipped).</param>
/// <param name="Seconds">Wall-clock seconds the epoch took.</param>
public readonly record struct PerceptronEpochRecord(int Epoch, int Misclassifications, int Examples, double Seconds);
