using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary>
/// The settings of every learning-rate schedule in one place; each schedule reads the ones it uses.
/// Defaults are written once, in <see cref="Defaults"/>.
/// </summary>
public sealed record class LearningRateScheduleSettings
{
    /// <summary><see cref="LearningRateScheduleKind.Step"/>: epochs between cuts, &gt;= 1.</summary>
    public int StepSize { get; init; } = Defaults.StepSize;

    /// <summary><see cref="LearningRateScheduleKind.Step"/>: the factor applied at each cut, in (0, 1).</summary>
    public double StepGamma { get; init; } = Defaults.StepGamma;

    /// <summary><see cref="LearningRateScheduleKind.Exponential"/>: the factor applied every epoch, in (0, 1).</summary>
    public double ExponentialGamma { get; init; } = Defaults.ExponentialGamma;

    /// <summary><see cref="LearningRateScheduleKind.InverseScaling"/>: the exponent (scikit-learn's <c>power_t</c>), finite and &gt; 0.</summary>
    public double InverseScalingPower { get; init; } = Defaults.InverseScalingPower;

    /// <summary>
    /// <see cref="LearningRateScheduleKind.Cosine"/>'s end rate and <see cref="LearningRateScheduleKind.ReduceOnPlateau"/>'s
    /// floor, finite and &gt;= 0 (and, for Cosine, at most the base rate).
    /// </summary>
    public double MinLearningRate { get; init; } = Defaults.MinLearningRate;

    /// <summary><see cref="LearningRateScheduleKind.ReduceOnPlateau"/>: the factor applied at each reduction, in (0, 1).</summary>
    public double PlateauFactor { get; init; } = Defaults.PlateauFactor;

    /// <summary><see cref="LearningRateScheduleKind.ReduceOnPlateau"/>: bad epochs in a row tolerated before a reduction, &gt;= 0.</summary>
    public int PlateauPatience { get; init; } = Defaults.PlateauPatience;

    /// <summary><see cref="LearningRateScheduleKind.ReduceOnPlateau"/>: relative improvement that counts as better, finite and &gt;= 0.</summary>
    public double PlateauThreshold { get; init; } = Defaults.PlateauThreshold;

    /// <summary><see cref="LearningRateScheduleKind.ReduceOnPlateau"/>: epochs after a reduction in which bad epochs are not counted, &gt;= 0.</summary>
    public int PlateauCooldown { get; init; } = Defaults.PlateauCooldown;

    /// <summary><see cref="LearningRateScheduleKind.WarmupCosine"/>: the warm-up's epochs, &gt;= 1 and below the number of epochs.</summary>
    public int WarmupEpochs { get; init; } = Defaults.WarmupEpochs;

    /// <summary><see cref="LearningRateScheduleKind.OneCycle"/>: the share of the epochs spent rising (torch's <c>pct_start</c>), in (0, 1).</summary>
    public double OneCyclePeakFraction { get; init; } = Defaults.OneCyclePeakFraction;

    /// <summary><see cref="LearningRateScheduleKind.OneCycle"/>: the starting rate is the base rate over this (torch's <c>div_factor</c>), &gt;= 1.</summary>
    public double OneCycleDivFactor { get; init; } = Defaults.OneCycleDivFactor;

    /// <summary><see cref="LearningRateScheduleKind.OneCycle"/>: the final rate is the starting rate over this (torch's <c>final_div_factor</c>), &gt;= 1.</summary>
    public double OneCycleFinalDivFactor { get; init; } = Defaults.OneCycleFinalDivFactor;

    /// <summary>Checks every setting; the exception names the setting and its valid range.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public void Validate()
    {
        OptionChecks.AtLeast(StepSize, 1, nameof(StepSize));
        OptionChecks.OpenFraction(StepGamma, nameof(StepGamma));
        OptionChecks.OpenFraction(ExponentialGamma, nameof(ExponentialGamma));
        OptionChecks.Positive(InverseScalingPower, nameof(InverseScalingPower));
        OptionChecks.NonNegative(MinLearningRate, nameof(MinLearningRate));
        OptionChecks.OpenFraction(PlateauFactor, nameof(PlateauFactor));
        OptionChecks.AtLeast(PlateauPatience, 0, nameof(PlateauPatience));
        OptionChecks.NonNegative(PlateauThreshold, nameof(PlateauThreshold));
        OptionChecks.AtLeast(PlateauCooldown, 0, nameof(PlateauCooldown));
        OptionChecks.AtLeast(WarmupEpochs, 1, nameof(WarmupEpochs));
        OptionChecks.OpenFraction(OneCyclePeakFraction, nameof(OneCyclePeakFraction));
        OptionChecks.AtLeast(OneCycleDivFactor, 1.0, nameof(OneCycleDivFactor));
        OptionChecks.AtLeast(OneCycleFinalDivFactor, 1.0, nameof(OneCycleFinalDivFactor));
    }

    /// <summary>The default of every schedule setting, shared by <see cref="LearningRateScheduleSettings"/> and the schedules' constructors.</summary>
    public static class Defaults
    {
        /// <summary>Default <see cref="LearningRateScheduleSettings.WarmupEpochs"/>.</summary>
        public const int WarmupEpochs = 5;

        /// <summary>Default <see cref="LearningRateScheduleSettings.OneCyclePeakFraction"/> (torch's).</summary>
        public const double OneCyclePeakFraction = 0.3;

        /// <summary>Default <see cref="LearningRateScheduleSettings.OneCycleDivFactor"/> (torch's).</summary>
        public const double OneCycleDivFactor = 25;

        /// <summary>Default <see cref="LearningRateScheduleSettings.OneCycleFinalDivFactor"/> (torch's).</summary>
        public const double OneCycleFinalDivFactor = 1e4;

        /// <summary>Default <see cref="LearningRateScheduleSettings.StepSize"/>: 10 epochs (torch has no default).</summary>
        public const int StepSize = 10;

        /// <summary>Default <see cref="LearningRateScheduleSettings.StepGamma"/>: 0.1, as torch's StepLR.</summary>
        public const double StepGamma = 0.1;

        /// <summary>Default <see cref="LearningRateScheduleSettings.ExponentialGamma"/>: 0.95 (torch has no default).</summary>
        public const double ExponentialGamma = 0.95;

        /// <summary>Default <see cref="LearningRateScheduleSettings.InverseScalingPower"/>: 0.5, as scikit-learn's <c>power_t</c>.</summary>
        public const double InverseScalingPower = 0.5;

        /// <summary>Default <see cref="LearningRateScheduleSettings.MinLearningRate"/>: 0, as torch's <c>eta_min</c> and <c>min_lr</c>.</summary>
        public const double MinLearningRate = 0;

        /// <summary>Default <see cref="LearningRateScheduleSettings.PlateauFactor"/>: 0.1, as torch.</summary>
        public const double PlateauFactor = 0.1;

        /// <summary>Default <see cref="LearningRateScheduleSettings.PlateauPatience"/>: 10, as torch.</summary>
        public const int PlateauPatience = 10;

        /// <summary>Default <see cref="LearningRateScheduleSettings.PlateauThreshold"/>: 1e-4, as torch.</summary>
        public const double PlateauThreshold = 1e-4;

        /// <summary>Default <see cref="LearningRateScheduleSettings.PlateauCooldown"/>: 0, as torch.</summary>
        public const int PlateauCooldown = 0;
    }
}
