using System;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary>
/// scikit-learn's <c>'invscaling'</c> rate, per epoch: <c>rate = base / (epoch + 1)^power</c>.
/// </summary>
/// <remarks>
/// scikit-learn's MLP counts samples seen rather than epochs; counting epochs keeps the rate
/// independent of the data set's size and matches the other schedules here.
/// </remarks>
internal sealed class InverseScalingSchedule : LearningRateScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The learning rate at epoch 0; finite and &gt; 0.</param>
    /// <param name="power">The exponent (scikit-learn's <c>power_t</c>); finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public InverseScalingSchedule(double baseRate, double power = LearningRateScheduleSettings.Defaults.InverseScalingPower)
        : base(baseRate)
    {
        OptionChecks.Positive(power, nameof(power));
        Power = power;
    }

    /// <summary>The exponent.</summary>
    public double Power { get; }

    /// <inheritdoc/>
    protected override double Rate(int epoch) => BaseRate / Math.Pow(epoch + 1.0, Power);
}
