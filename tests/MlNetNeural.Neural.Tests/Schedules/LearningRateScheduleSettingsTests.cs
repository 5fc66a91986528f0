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
        var ex = Assert.Throws<ArgumentOutOfRangeException>(settings.Validate);
        Assert.Equal(name, ex.ParamName);
        Assert.Contains(name + " must be in ", ex.Message);

        var fromFactory = Assert.Throws<ArgumentOutOfRangeException>(
            () => LearningRateScheduleFactory.Create(LearningRateScheduleKind.Constant, 0.1, 10, settings));
        Assert.Equal(name, fromFactory.ParamName);
    }

    [Fact]
    public void FactoryArgumentsAreChecked()
    {
        Assert.Equal("baseRate", Assert.Throws<ArgumentOutOfRangeException>(
            () => LearningRateScheduleFactory.Create(LearningRateScheduleKind.Constant, 0, 10)).ParamName);
        Assert.Equal("totalEpochs", Assert.Throws<ArgumentOutOfRangeException>(
            () => LearningRateScheduleFactory.Create(LearningRateScheduleKind.Cosine, 0.1, 0)).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(
            () => LearningRateScheduleFactory.Create((LearningRateScheduleKind)99, 0.1, 10)).ParamName);
    }

    [Fact]
    public void CosineMinimumAboveTheBaseRateIsRefused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(0.1, 10, minRate: 0.2));
        Assert.Contains("minRate", ex.Message);
    }
}
