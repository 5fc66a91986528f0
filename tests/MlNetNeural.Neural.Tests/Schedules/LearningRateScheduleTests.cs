using System;
using MlNetNeural.Neural.Schedules;
using Xunit;

namespace MlNetNeural.Neural.Tests.Schedules;

public class LearningRateScheduleTests
{
    private const double Tolerance = 1e-15;

    [Fact]
    public void ConstantNeverChanges()
    {
        var schedule = new ConstantSchedule(0.1);
        schedule.OnEpochEnd(0, 1.0);
        Assert.Equal(0.1, schedule.RateForEpoch(0));
        Assert.Equal(0.1, schedule.RateForEpoch(1000));
    }

    [Theory]
    [InlineData(0, 0.1)]     // 0.1·0.5^⌊0/3⌋ = 0.1
    [InlineData(2, 0.1)]     // ⌊2/3⌋ = 0
    [InlineData(3, 0.05)]    // ⌊3/3⌋ = 1: 0.1·0.5
    [InlineData(5, 0.05)]
    [InlineData(6, 0.025)]   // 0.1·0.25
    [InlineData(9, 0.0125)]  // 0.1·0.125
    public void StepCutsEveryStepSizeEpochs(int epoch, double expected) =>
        Assert.Equal(expected, new StepSchedule(0.1, stepSize: 3, gamma: 0.5).RateForEpoch(epoch), Tolerance);

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(1, 0.09)]       // 0.1·0.9
    [InlineData(2, 0.081)]      // 0.1·0.81
    [InlineData(5, 0.059049)]   // 0.1·0.59049
    public void ExponentialMultipliesEveryEpoch(int epoch, double expected) =>
        Assert.Equal(expected, new ExponentialSchedule(0.1, gamma: 0.9).RateForEpoch(epoch), Tolerance);

    [Theory]
    [InlineData(0, 0.1)]           // 0.1/√1
    [InlineData(3, 0.05)]          // 0.1/√4
    [InlineData(8, 0.1 / 3)]       // 0.1/√9
    [InlineData(99, 0.01)]         // 0.1/√100
    public void InverseScalingDividesByRootOfEpochPlusOne(int epoch, double expected) =>
        Assert.Equal(expected, new InverseScalingSchedule(0.1).RateForEpoch(epoch), Tolerance);

    [Fact]
    public void InverseScalingHonoursThePower() =>
        Assert.Equal(0.02, new InverseScalingSchedule(0.1, power: 1).RateForEpoch(4), Tolerance); // 0.1/5

    [Theory]
    [InlineData(0, 0.1)]                // cos 0 = 1: the base rate
    [InlineData(2, 0.075)]              // cos(π/3) = 0.5:  0.1·(1 + 0.5)/2
    [InlineData(3, 0.05)]               // cos(π/2) = 0:    0.1/2
    [InlineData(4, 0.025)]              // cos(2π/3) = −0.5: 0.1·0.5/2
    [InlineData(6, 0.0)]                // cos π = −1: eta_min
    [InlineData(12, 0.1)]               // past T the cosine climbs back, as torch's closed form
    public void CosineAnnealsToTheMinimum(int epoch, double expected) =>
        Assert.Equal(expected, new CosineSchedule(0.1, totalEpochs: 6).RateForEpoch(epoch), 1e-15);

    [Fact]
    public void CosineHonoursTheMinimum()
    {
        var schedule = new CosineSchedule(0.1, totalEpochs: 10, minRate: 0.001);

        // Halfway: 0.001 + (0.1 − 0.001)·(1 + 0)/2 = 0.001 + 0.0495 = 0.0505
        Assert.Equal(0.0505, schedule.RateForEpoch(5), 1e-15);
        Assert.Equal(0.001, schedule.RateForEpoch(10), 1e-15);

        // T = 4, epoch 1: 0.1·(1 + √2/2)/2 = 0.0853553390593274
        Assert.Equal(0.0853553390593274, new CosineSchedule(0.1, 4).RateForEpoch(1), 1e-15);
    }

    [Fact]
    public void NegativeEpochThrows()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(0.1).RateForEpoch(-1));
        Assert.Contains("epoch", ex.Message);
    }

    [Theory]
    [InlineData(LearningRateScheduleKind.Constant, typeof(ConstantSchedule))]
    [InlineData(LearningRateScheduleKind.Step, typeof(StepSchedule))]
    [InlineData(LearningRateScheduleKind.Exponential, typeof(ExponentialSchedule))]
    [InlineData(LearningRateScheduleKind.InverseScaling, typeof(InverseScalingSchedule))]
    [InlineData(LearningRateScheduleKind.Cosine, typeof(CosineSchedule))]
    [InlineData(LearningRateScheduleKind.ReduceOnPlateau, typeof(ReduceOnPlateauSchedule))]
    public void FactoryBuildsTheNamedSchedule(LearningRateScheduleKind kind, Type expected)
    {
        var schedule = LearningRateSchedulerFactory.Create(kind, 0.1, 20);
        Assert.IsType(expected, schedule);
        Assert.Equal(0.1, schedule.RateForEpoch(0), Tolerance);
    }

    [Fact]
    public void FactoryPassesSettingsThrough()
    {
        var settings = new LearningRateScheduleSettings { StepSize = 2, StepGamma = 0.5, ExponentialGamma = 0.5, MinLearningRate = 0.01 };
        Assert.Equal(0.05, LearningRateSchedulerFactory.Create(LearningRateScheduleKind.Step, 0.1, 20, settings).RateForEpoch(2), Tolerance);
        Assert.Equal(0.025, LearningRateSchedulerFactory.Create(LearningRateScheduleKind.Exponential, 0.1, 20, settings).RateForEpoch(2), Tolerance);
        Assert.Equal(0.01, LearningRateSchedulerFactory.Create(LearningRateScheduleKind.Cosine, 0.1, 20, settings).RateForEpoch(20), Tolerance);
    }
}
