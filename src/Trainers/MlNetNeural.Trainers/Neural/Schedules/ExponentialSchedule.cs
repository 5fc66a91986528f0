using System;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary><c>torch.optim.lr_scheduler.ExponentialLR</c>: <c>rate = base · γ^epoch</c>.</summary>
internal sealed class ExponentialSchedule : LearningRateScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The learning rate at epoch 0; finite and &gt; 0.</param>
    /// <param name="gamma">The factor applied every epoch, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public ExponentialSchedule(double baseRate, double gamma = LearningRateScheduleSettings.Defaults.ExponentialGamma)
        : base(baseRate)
    {
        OptionChecks.OpenFraction(gamma, nameof(gamma));
        Gamma = gamma;
    }

    /// <summary>The factor applied every epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double Rate(int epoch) => BaseRate * Math.Pow(Gamma, epoch);
}
