namespace MlNetNeural.Neural.Schedules;

/// <summary>How the learning rate changes from epoch to epoch.</summary>
public enum LearningRateScheduleKind
{
    /// <summary>The base rate throughout: <see cref="ConstantSchedule"/>.</summary>
    Constant,

    /// <summary>Multiplied by a factor every few epochs: <see cref="StepSchedule"/>.</summary>
    Step,

    /// <summary>Multiplied by a factor every epoch: <see cref="ExponentialSchedule"/>.</summary>
    Exponential,

    /// <summary>Divided by (epoch + 1) to a power: <see cref="InverseScalingSchedule"/>.</summary>
    InverseScaling,

    /// <summary>Half a cosine from the base rate down to a minimum: <see cref="CosineSchedule"/>.</summary>
    Cosine,

    /// <summary>Cut when the monitored loss stops improving: <see cref="ReduceOnPlateauSchedule"/>.</summary>
    ReduceOnPlateau,

    /// <summary>A linear warm-up to the base rate, then half a cosine down: <see cref="WarmupCosineSchedule"/>.</summary>
    WarmupCosine,

    /// <summary>Up from a fraction of the base rate and down far below it, along cosines: <see cref="OneCycleSchedule"/>.</summary>
    OneCycle,
}
