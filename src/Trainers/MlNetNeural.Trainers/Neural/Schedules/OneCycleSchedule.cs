using System;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary>
/// The one-cycle policy (Smith and Topin, 2018), as <c>torch.optim.lr_scheduler.OneCycleLR</c> with
/// <c>total_steps</c> = the epochs (one step per epoch), <c>anneal_strategy = 'cos'</c> and two phases: from
/// base/<see cref="DivFactor"/> up to <see cref="LearningRateScheduler.BaseRate"/> (the peak) over the first
/// <see cref="PeakFraction"/> of the epochs, then down to base/(<see cref="DivFactor"/>·<see cref="FinalDivFactor"/>) at
/// the last epoch, each phase along half a cosine.
/// </summary>
internal sealed class OneCycleSchedule : LearningRateScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The peak rate (torch's <c>max_lr</c>); finite and &gt; 0.</param>
    /// <param name="totalEpochs">The epochs training runs, &gt;= 2.</param>
    /// <param name="peakFraction">Torch's <c>pct_start</c>: the share of the epochs spent rising, in (0, 1).</param>
    /// <param name="divFactor">The starting rate is the peak over this, &gt;= 1.</param>
    /// <param name="finalDivFactor">The final rate is the starting rate over this, &gt;= 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public OneCycleSchedule(
        double baseRate,
        int totalEpochs,
        double peakFraction = LearningRateScheduleSettings.Defaults.OneCyclePeakFraction,
        double divFactor = LearningRateScheduleSettings.Defaults.OneCycleDivFactor,
        double finalDivFactor = LearningRateScheduleSettings.Defaults.OneCycleFinalDivFactor)
        : base(baseRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalEpochs, 2);
        OptionChecks.OpenFraction(peakFraction, nameof(peakFraction));
        OptionChecks.AtLeast(divFactor, 1.0, nameof(divFactor));
        OptionChecks.AtLeast(finalDivFactor, 1.0, nameof(finalDivFactor));
        TotalEpochs = totalEpochs;
        PeakFraction = peakFraction;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
    }

    /// <summary>The epochs training runs.</summary>
    public int TotalEpochs { get; }

    /// <summary>The share of the epochs spent rising.</summary>
    public double PeakFraction { get; }

    /// <summary>The starting rate is the peak over this.</summary>
    public double DivFactor { get; }

    /// <summary>The final rate is the starting rate over this.</summary>
    public double FinalDivFactor { get; }

    /// <inheritdoc/>
    protected override double Rate(int epoch)
    {
        double initial = BaseRate / DivFactor;
        double peakEpoch = (PeakFraction * TotalEpochs) - 1; // torch's end of the first phase (a float)
        if (epoch <= peakEpoch)
            return peakEpoch <= 0 ? BaseRate : Anneal(initial, BaseRate, epoch / peakEpoch);
        return Anneal(BaseRate, initial / FinalDivFactor, (epoch - peakEpoch) / (TotalEpochs - 1 - peakEpoch));
    }

    // torch's _annealing_cos: from start at fraction 0 to end at fraction 1 along half a cosine.
    private static double Anneal(double start, double end, double fraction) =>
        end + ((start - end) / 2 * (Math.Cos(Math.PI * fraction) + 1));
}
