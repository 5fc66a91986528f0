using System;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary>
/// <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c> in mode <c>'min'</c> with a relative threshold:
/// the rate is multiplied by a factor once the monitored loss has failed to improve for more than
/// <see cref="Patience"/> epochs in a row.
/// </summary>
/// <remarks>
/// A loss improves when it is below <c>best·(1 − threshold)</c>; NaN never improves. After
/// <see cref="Patience"/> + 1 bad epochs the rate becomes <c>max(rate·factor, minRate)</c>
/// (unchanged if that moves it by 1e-8 or less, as torch's <c>eps</c>), the bad-epoch count restarts,
/// and the next <see cref="Cooldown"/> epochs are not counted as bad.
/// <see cref="LearningRateScheduler.RateForEpoch"/> returns the current rate whatever the epoch.
/// </remarks>
internal sealed class ReduceOnPlateauSchedule : LearningRateScheduler
{
    // torch's eps: a reduction smaller than this is ignored.
    private const double MinimumChange = 1e-8;

    private double _rate;
    private double _best;
    private int _badEpochs;
    private int _cooldownLeft;

    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The starting learning rate; finite and &gt; 0.</param>
    /// <param name="factor">The factor applied at each reduction, in (0, 1).</param>
    /// <param name="patience">How many bad epochs in a row are tolerated, &gt;= 0.</param>
    /// <param name="threshold">Relative improvement needed to count as better, finite and &gt;= 0.</param>
    /// <param name="minRate">The rate is never reduced below this, finite and &gt;= 0.</param>
    /// <param name="cooldown">Epochs after a reduction during which bad epochs are not counted, &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public ReduceOnPlateauSchedule(
        double baseRate,
        double factor = LearningRateScheduleSettings.Defaults.PlateauFactor,
        int patience = LearningRateScheduleSettings.Defaults.PlateauPatience,
        double threshold = LearningRateScheduleSettings.Defaults.PlateauThreshold,
        double minRate = LearningRateScheduleSettings.Defaults.MinLearningRate,
        int cooldown = LearningRateScheduleSettings.Defaults.PlateauCooldown)
        : base(baseRate)
    {
        OptionChecks.OpenFraction(factor, nameof(factor));
        OptionChecks.AtLeast(patience, 0, nameof(patience));
        OptionChecks.NonNegative(threshold, nameof(threshold));
        OptionChecks.NonNegative(minRate, nameof(minRate));
        OptionChecks.AtLeast(cooldown, 0, nameof(cooldown));
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        MinRate = minRate;
        Cooldown = cooldown;
        Reset();
    }

    /// <summary>The factor applied at each reduction.</summary>
    public double Factor { get; }

    /// <summary>How many bad epochs in a row are tolerated.</summary>
    public int Patience { get; }

    /// <summary>Relative improvement needed to count as better.</summary>
    public double Threshold { get; }

    /// <summary>The floor of the rate.</summary>
    public double MinRate { get; }

    /// <summary>Epochs after a reduction during which bad epochs are not counted.</summary>
    public int Cooldown { get; }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, double monitoredLoss)
    {
        if (monitoredLoss < _best * (1 - Threshold))
        {
            _best = monitoredLoss;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }

        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badEpochs = 0;
        }

        if (_badEpochs > Patience)
        {
            double reduced = Math.Max(_rate * Factor, MinRate);
            if (_rate - reduced > MinimumChange)
            {
                _rate = reduced;
            }

            _cooldownLeft = Cooldown;
            _badEpochs = 0;
        }
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        _rate = BaseRate;
        _best = double.PositiveInfinity;
        _badEpochs = 0;
        _cooldownLeft = 0;
    }

    /// <inheritdoc/>
    protected override double Rate(int epoch) => _rate;
}
