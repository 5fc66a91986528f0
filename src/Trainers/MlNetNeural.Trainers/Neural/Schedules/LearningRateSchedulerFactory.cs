using System;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Schedules;

/// <summary>Creates the schedule for a <see cref="LearningRateScheduleKind"/> from <see cref="LearningRateScheduleSettings"/>.</summary>
internal static class LearningRateSchedulerFactory
{
    /// <summary>Validates the arguments and creates the schedule <paramref name="kind"/> names.</summary>
    /// <param name="kind">Which schedule.</param>
    /// <param name="baseRate">The learning rate at epoch 0; finite and &gt; 0.</param>
    /// <param name="totalEpochs">The number of epochs training will run, &gt;= 1 (the cosine's half period).</param>
    /// <param name="settings">The schedule settings; <see langword="null"/> means all defaults.</param>
    /// <returns>A fresh schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument or setting is outside its range, or <paramref name="kind"/> is unknown.</exception>
    public static LearningRateScheduler Create(
        LearningRateScheduleKind kind, double baseRate, int totalEpochs, LearningRateScheduleSettings? settings = null)
    {
        settings ??= new LearningRateScheduleSettings();
        settings.Validate();
        OptionChecks.Positive(baseRate, nameof(baseRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(totalEpochs, 1);
        return kind switch
        {
            LearningRateScheduleKind.Constant => new ConstantSchedule(baseRate),
            LearningRateScheduleKind.Step => new StepSchedule(baseRate, settings.StepSize, settings.StepGamma),
            LearningRateScheduleKind.Exponential => new ExponentialSchedule(baseRate, settings.ExponentialGamma),
            LearningRateScheduleKind.InverseScaling => new InverseScalingSchedule(baseRate, settings.InverseScalingPower),
            LearningRateScheduleKind.Cosine => new CosineSchedule(baseRate, totalEpochs, settings.MinLearningRate),
            LearningRateScheduleKind.ReduceOnPlateau => new ReduceOnPlateauSchedule(
                baseRate, settings.PlateauFactor, settings.PlateauPatience, settings.PlateauThreshold,
                settings.MinLearningRate, settings.PlateauCooldown),
            LearningRateScheduleKind.WarmupCosine => new WarmupCosineSchedule(baseRate, totalEpochs, settings.WarmupEpochs, settings.MinLearningRate),
            LearningRateScheduleKind.OneCycle => new OneCycleSchedule(baseRate, totalEpochs, settings.OneCyclePeakFraction,
                settings.OneCycleDivFactor, settings.OneCycleFinalDivFactor),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "kind must be a defined LearningRateScheduleKind."),
        };
    }
}
