using System;
using System.Globalization;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary>
/// A linear warm-up, then half a cosine — torch's <c>SequentialLR</c> of <c>LinearLR(start_factor = 1/W, total_iters = W)</c>
/// and <c>CosineAnnealingLR(T_max = T − W, eta_min)</c> with the milestone at W, in closed form:
/// <c>rate = base·(1/W + (1 − 1/W)·epoch/W)</c> for epoch &lt; W, then
/// <c>min + (base − min)·(1 + cos(π·(epoch − W)/(T − W)))/2</c>. <see cref="LearningRateScheduler.BaseRate"/> is the peak,
/// reached at epoch W; Adam's early steps, taken with moments estimated from few batches, are the ones warm-up keeps small.
/// </summary>
internal sealed class WarmupCosineSchedule : LearningRateScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The peak rate, reached when the warm-up ends; finite and &gt; 0.</param>
    /// <param name="totalEpochs">T, the epochs training runs; greater than <paramref name="warmupEpochs"/>.</param>
    /// <param name="warmupEpochs">W, the warm-up's epochs, &gt;= 1.</param>
    /// <param name="minRate">The cosine's end rate, in [0, <paramref name="baseRate"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public WarmupCosineSchedule(double baseRate, int totalEpochs, int warmupEpochs, double minRate = LearningRateScheduleSettings.Defaults.MinLearningRate)
        : base(baseRate)
    {
        OptionChecks.AtLeast(warmupEpochs, 1, nameof(warmupEpochs));
        if (totalEpochs <= warmupEpochs)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs,
                string.Create(CultureInfo.InvariantCulture, $"The warm-up ({warmupEpochs} epochs, setting WarmupEpochs) must end before the last of the {totalEpochs} epochs."));
        }

        TotalEpochs = totalEpochs;
        WarmupEpochs = warmupEpochs;
        _cosine = new CosineSchedule(baseRate, totalEpochs - warmupEpochs, minRate); // checks minRate
    }

    private readonly CosineSchedule _cosine; // the epochs after the warm-up, counted from 0

    /// <summary>T, the epochs training runs.</summary>
    public int TotalEpochs { get; }

    /// <summary>W, the warm-up's epochs.</summary>
    public int WarmupEpochs { get; }

    /// <summary>The cosine's end rate.</summary>
    public double MinRate => _cosine.MinRate;

    /// <inheritdoc/>
    protected override double Rate(int epoch)
    {
        if (epoch >= WarmupEpochs)
            return _cosine.RateForEpoch(epoch - WarmupEpochs);
        double start = 1.0 / WarmupEpochs;
        return BaseRate * (start + ((1 - start) * epoch / WarmupEpochs));
    }
}
