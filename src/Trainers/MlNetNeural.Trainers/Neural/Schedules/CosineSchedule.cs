using System;
using System.Globalization;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary>
/// <c>torch.optim.lr_scheduler.CosineAnnealingLR</c> in closed form:
/// <c>rate = min + (base − min)·(1 + cos(π·epoch / T))/2</c> with T the total number of epochs.
/// </summary>
/// <remarks>
/// As in torch with <c>T_max</c> = epochs, the last epoch (T − 1) is just above the minimum; epochs
/// past T follow the cosine back up rather than being clamped.
/// </remarks>
internal sealed class CosineSchedule : LearningRateScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The learning rate at epoch 0; finite and &gt; 0.</param>
    /// <param name="totalEpochs">T, the half period in epochs, &gt;= 1.</param>
    /// <param name="minRate">The rate reached at epoch T (torch's <c>eta_min</c>), in [0, <paramref name="baseRate"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public CosineSchedule(double baseRate, int totalEpochs, double minRate = LearningRateScheduleSettings.Defaults.MinLearningRate)
        : base(baseRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalEpochs, 1);
        OptionChecks.NonNegative(minRate, nameof(minRate));
        if (minRate > baseRate)
        {
            throw new ArgumentOutOfRangeException(nameof(minRate), minRate, string.Create(CultureInfo.InvariantCulture, $"minRate must be in [0, baseRate = {baseRate}]; it was {minRate}."));
        }

        TotalEpochs = totalEpochs;
        MinRate = minRate;
    }

    /// <summary>T, the half period in epochs.</summary>
    public int TotalEpochs { get; }

    /// <summary>The rate reached at epoch T.</summary>
    public double MinRate { get; }

    /// <inheritdoc/>
    protected override double Rate(int epoch) =>
        MinRate + ((BaseRate - MinRate) * (1 + Math.Cos(Math.PI * epoch / TotalEpochs)) / 2);
}
