using System;
using MlNetNeural.Neural.Schedules;
using Xunit;

namespace MlNetNeural.Neural.Tests.Schedules;

public class LearningRateScheduleSettingsTests
{
    public static TheoryData<string, LearningRateScheduleSettings> InvalidSettings() => new()
    {
        { "StepSize", new LearningRateScheduleSettings { StepSize = 0 } },
        { "StepGamma", new LearningRateScheduleSettings { StepGamma = 1.0 } },
        { "StepGamma", new LearningRateScheduleSettings { StepGamma = 0 } },
        { "ExponentialGamma", new LearningRateScheduleSettings { ExponentialGamma = 1.5 } },
        { "InverseScalingPower", new LearningRateScheduleSettings { InverseScalingPower = 0 } },
        { "MinLearningRate", new LearningRateScheduleSettings { MinLearningRate = -1e-6 } },
        { "PlateauFactor", new LearningRateScheduleSettings { PlateauFactor = 1.0 } },
        { "PlateauPatience", new LearningRateScheduleSettings { PlateauPatience = -1 } },
        { "PlateauThreshold", new LearningRateScheduleSettings { PlateauThreshold = double.NaN } },
        { "PlateauCooldown", new LearningRateScheduleSettings { PlateauCooldown = -2 } },
    };

    [Fact]
    public void DefaultsAreValid() => new LearningRateScheduleSettings().Validate();

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void InvalidSettingIsNamedWithItsRange(string name, LearningRateScheduleSettings settings)
    {
        var ex = Assert.Throws<InvalidOptionException>(settings.Validate);
        Assert.Equal(name, ex.ParamName);
        Assert.Equal(name, ex.Option);
        Assert.Contains($"Option {name} must be {ex.Requirement}; it was ", ex.Message);

        var fromFactory = Assert.Throws<InvalidOptionException>(
            () => LearningRateSchedulerFactory.Create(LearningRateScheduleKind.Constant, 0.1, 10, settings));
        Assert.Equal(name, fromFactory.ParamName);
    }

    [Fact]
    public void WarmupAndOneCycleSettingsAreChecked()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedulerFactory.Create(
            LearningRateScheduleKind.WarmupCosine, 0.1, 5, new LearningRateScheduleSettings { WarmupEpochs = 5 }));
        Assert.Equal("warmupEpochs", error.ParamName);
        Assert.Contains("WarmupEpochs", error.Message);
        Assert.Equal("WarmupEpochs", Assert.Throws<InvalidOptionException>(
            () => new LearningRateScheduleSettings { WarmupEpochs = 0 }.Validate()).ParamName);
        Assert.Equal("OneCyclePeakFraction", Assert.Throws<InvalidOptionException>(
            () => new LearningRateScheduleSettings { OneCyclePeakFraction = 1 }.Validate()).ParamName);
        Assert.Equal("OneCycleDivFactor", Assert.Throws<InvalidOptionException>(
            () => new LearningRateScheduleSettings { OneCycleDivFactor = 0.5 }.Validate()).ParamName);
        Assert.Equal("OneCycleFinalDivFactor", Assert.Throws<InvalidOptionException>(
            () => new LearningRateScheduleSettings { OneCycleFinalDivFactor = double.NaN }.Validate()).ParamName);

        // The shapes: warm-up rises linearly to the peak at epoch W; one-cycle peaks near its fraction and ends far below.
        var warm = new WarmupCosineSchedule(0.1, 10, 4);
        Assert.Equal([0.025, 0.04375, 0.0625, 0.08125, 0.1], Enumerable.Range(0, 5).Select(e => Math.Round(warm.RateForEpoch(e), 10)));
        var cycle = new OneCycleSchedule(0.1, 10);
        Assert.Equal(0.1 / 25, cycle.RateForEpoch(0), 12);
        Assert.Equal(0.1, cycle.RateForEpoch(2), 12);
        Assert.Equal(0.1 / 25 / 1e4, cycle.RateForEpoch(9), 15);
    }

    [Fact]
    public void FactoryArgumentsAreChecked()
    {
        Assert.Equal("baseRate", Assert.Throws<InvalidOptionException>(
            () => LearningRateSchedulerFactory.Create(LearningRateScheduleKind.Constant, 0, 10)).ParamName);
        Assert.Equal("totalEpochs", Assert.Throws<ArgumentOutOfRangeException>(
            () => LearningRateSchedulerFactory.Create(LearningRateScheduleKind.Cosine, 0.1, 0)).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(
            () => LearningRateSchedulerFactory.Create((LearningRateScheduleKind)99, 0.1, 10)).ParamName);
    }

    [Fact]
    public void CosineMinimumAboveTheBaseRateIsRefused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(0.1, 10, minRate: 0.2));
        Assert.Contains("minRate", ex.Message);
    }
}
