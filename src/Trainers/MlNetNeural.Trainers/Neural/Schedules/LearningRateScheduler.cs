using System;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary>
/// Gives the learning rate for each epoch from a base rate fixed at construction. The training
/// loop asks <see cref="RateForEpoch"/> at the start of an epoch and reports the epoch's loss to
/// <see cref="OnEpochEnd"/> at its end.
/// </summary>
internal abstract class LearningRateScheduler
{
    /// <summary>Creates a schedule starting from <paramref name="baseRate"/>.</summary>
    /// <param name="baseRate">The learning rate at epoch 0; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="baseRate"/> is not finite and positive.</exception>
    protected LearningRateScheduler(double baseRate)
    {
        OptionChecks.Positive(baseRate, nameof(baseRate));
        BaseRate = baseRate;
    }

    /// <summary>The learning rate at epoch 0.</summary>
    public double BaseRate { get; }

    /// <summary>The learning rate to use during <paramref name="epoch"/>.</summary>
    /// <param name="epoch">The 0-based epoch, &gt;= 0.</param>
    /// <returns>The learning rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public double RateForEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 0);
        return Rate(epoch);
    }

    /// <summary>Reports the end of an epoch and the loss being monitored; only schedules that react to the loss use it.</summary>
    /// <param name="epoch">The 0-based epoch that just ended.</param>
    /// <param name="monitoredLoss">The loss watched for improvement (validation loss when there is one, else training loss).</param>
    public virtual void OnEpochEnd(int epoch, double monitoredLoss)
    {
    }

    /// <summary>Forgets anything learned from <see cref="OnEpochEnd"/>, so the schedule starts over.</summary>
    public virtual void Reset()
    {
    }

    /// <summary>The rate for a validated, non-negative epoch.</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <returns>The learning rate.</returns>
    protected abstract double Rate(int epoch);
}
