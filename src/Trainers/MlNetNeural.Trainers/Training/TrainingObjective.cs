using MlNetNeural.Neural.Losses;

namespace MlNetNeural.Training;

/// <summary>What distinguishes the three MLP tasks inside the training loop.</summary>
/// <param name="OutputSize">Units of the output layer.</param>
/// <param name="Loss">The data loss on the output layer.</param>
/// <param name="HuberDelta">Huber's threshold, when <paramref name="Loss"/> is Huber.</param>
/// <param name="Metric">The validation metric recorded in the history.</param>
internal sealed record TrainingObjective(int OutputSize, LossFunction Loss, double HuberDelta, ValidationMetric Metric);

/// <summary>The validation metric recorded per epoch.</summary>
internal enum ValidationMetric
{
    /// <summary>Binary (one logit, threshold 0) or multiclass (arg-max) accuracy.</summary>
    Accuracy,

    /// <summary>Coefficient of determination.</summary>
    RSquared,
}
