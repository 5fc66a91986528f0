namespace MlNetNeural.Neural.Schedules;

/// <summary>The base rate at every epoch.</summary>
internal sealed class ConstantSchedule : LearningRateScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseRate">The learning rate; finite and &gt; 0.</param>
    public ConstantSchedule(double baseRate)
        : base(baseRate)
    {
    }

    /// <inheritdoc/>
    protected override double Rate(int epoch) => BaseRate;
}
