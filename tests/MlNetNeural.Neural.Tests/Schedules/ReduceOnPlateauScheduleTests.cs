using MlNetNeural.Neural.Schedules;
using Xunit;

namespace MlNetNeural.Neural.Tests.Schedules;

public class ReduceOnPlateauScheduleTests
{
    [Fact]
    public void ReducesOnlyAfterMoreThanPatienceBadEpochs()
    {
        var schedule = new ReduceOnPlateauSchedule(0.1, factor: 0.5, patience: 2);

        schedule.OnEpochEnd(0, 1.0); // best = 1.0
        Assert.Equal(0.1, schedule.RateForEpoch(1));
        schedule.OnEpochEnd(1, 1.0); // bad 1
        Assert.Equal(0.1, schedule.RateForEpoch(2));
        schedule.OnEpochEnd(2, 1.0); // bad 2 = patience: still tolerated
        Assert.Equal(0.1, schedule.RateForEpoch(3));
        schedule.OnEpochEnd(3, 1.0); // bad 3 > patience: 0.1·0.5
        Assert.Equal(0.05, schedule.RateForEpoch(4));

        // The count restarts: three more bad epochs for the next cut.
        schedule.OnEpochEnd(4, 1.0);
        schedule.OnEpochEnd(5, 1.0);
        Assert.Equal(0.05, schedule.RateForEpoch(6));
        schedule.OnEpochEnd(6, 1.0);
        Assert.Equal(0.025, schedule.RateForEpoch(7));
    }

    [Fact]
    public void AnImprovementRestartsTheCount()
    {
        var schedule = new ReduceOnPlateauSchedule(0.1, factor: 0.5, patience: 2);
        foreach (double loss in new[] { 1.0, 1.0, 1.0, 0.5, 0.6, 0.6 })
        {
            schedule.OnEpochEnd(0, loss);
        }

        Assert.Equal(0.1, schedule.RateForEpoch(6));
    }

    [Fact]
    public void ImprovementIsRelativeToTheThreshold()
    {
        // threshold 0.1: a loss must drop below best·0.9 to count; 0.95 after 1.0 is a bad epoch.
        var schedule = new ReduceOnPlateauSchedule(0.1, factor: 0.5, patience: 1, threshold: 0.1);
        schedule.OnEpochEnd(0, 1.0);
        schedule.OnEpochEnd(1, 0.95);
        schedule.OnEpochEnd(2, 0.92);
        Assert.Equal(0.05, schedule.RateForEpoch(3));

        // 0.85 < 0.9 counts as better than best = 1.0, so no second cut.
        var other = new ReduceOnPlateauSchedule(0.1, factor: 0.5, patience: 1, threshold: 0.1);
        other.OnEpochEnd(0, 1.0);
        other.OnEpochEnd(1, 0.95);
        other.OnEpochEnd(2, 0.85);
        Assert.Equal(0.1, other.RateForEpoch(3));
    }

    [Fact]
    public void NeverGoesBelowTheMinimumRate()
    {
        var schedule = new ReduceOnPlateauSchedule(0.1, factor: 0.5, patience: 0, minRate: 0.03);
        schedule.OnEpochEnd(0, 1.0);
        schedule.OnEpochEnd(1, 1.0); // 0.05
        Assert.Equal(0.05, schedule.RateForEpoch(2));
        schedule.OnEpochEnd(2, 1.0); // max(0.025, 0.03)
        Assert.Equal(0.03, schedule.RateForEpoch(3));
        for (int epoch = 3; epoch < 10; epoch++)
        {
            schedule.OnEpochEnd(epoch, 1.0);
        }

        Assert.Equal(0.03, schedule.RateForEpoch(10));
    }

    [Fact]
    public void CooldownEpochsAreNotCounted()
    {
        var schedule = new ReduceOnPlateauSchedule(0.1, factor: 0.5, patience: 1, cooldown: 2);
        schedule.OnEpochEnd(0, 1.0); // best
        schedule.OnEpochEnd(1, 1.0); // bad 1
        schedule.OnEpochEnd(2, 1.0); // bad 2 > 1: 0.05, cooldown 2
        Assert.Equal(0.05, schedule.RateForEpoch(3));
        schedule.OnEpochEnd(3, 1.0); // cooldown
        schedule.OnEpochEnd(4, 1.0); // cooldown
        schedule.OnEpochEnd(5, 1.0); // bad 1
        Assert.Equal(0.05, schedule.RateForEpoch(6));
        schedule.OnEpochEnd(6, 1.0); // bad 2 > 1: 0.025
        Assert.Equal(0.025, schedule.RateForEpoch(7));
    }

    [Fact]
    public void NaNLossIsABadEpochAndResetStartsOver()
    {
        var schedule = new ReduceOnPlateauSchedule(0.1, factor: 0.5, patience: 0);
        schedule.OnEpochEnd(0, 1.0);
        schedule.OnEpochEnd(1, double.NaN);
        Assert.Equal(0.05, schedule.RateForEpoch(2));

        schedule.Reset();
        Assert.Equal(0.1, schedule.RateForEpoch(0));
        schedule.OnEpochEnd(0, 5.0); // best starts over at +∞, so 5.0 improves
        Assert.Equal(0.1, schedule.RateForEpoch(1));
    }

    [Fact]
    public void DefaultsAreTorchs()
    {
        var schedule = new ReduceOnPlateauSchedule(0.1);
        Assert.Equal(0.1, schedule.Factor);
        Assert.Equal(10, schedule.Patience);
        Assert.Equal(1e-4, schedule.Threshold);
        Assert.Equal(0.0, schedule.MinRate);
        Assert.Equal(0, schedule.Cooldown);
    }
}
