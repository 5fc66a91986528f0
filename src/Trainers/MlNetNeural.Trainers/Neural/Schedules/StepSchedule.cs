using System;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary>
/// <c>torch.optim.lr_scheduler.StepLR</c>: <c>rate = base · γ^⌊epoch / stepSize⌋</c>.
/// </summary>
internal sealed class StepSchedule : LearningRateScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The learning rate at epoch 0; finite and &gt; 0.</param>
    /// <param name="stepSize">Epochs between cuts, &gt;= 1.</param>
    /// <param name="gamma">The factor applied at each cut, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public StepSchedule(
        double baseRate,
        int stepSize = LearningRateScheduleSettings.Defaults.StepSize,
        double gamma = LearningRateScheduleSettings.Defaults.StepGamma)
        : base(baseRate)
    {
        OptionChecks.AtLeast(stepSize, 1, nameof(stepSize));
        OptionChecks.OpenFraction(gamma, nameof(gamma));
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Epochs between cuts.</summary>
    public int StepSize { get; }

    /// <summary>The factor applied at each cut.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double Rate(int epoch) => BaseRate * Math.Pow(Gamma, epoch / StepSize);
}
