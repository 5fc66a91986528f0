using System;
using MlNetNeural.Neural.Optimizers;
using Xunit;

namespace MlNetNeural.Neural.Tests.Optimizers;

public class OptimizerSettingsTests
{
    [Fact]
    public void DefaultsAreValidAndTorchs()
    {
        var settings = new OptimizerSettings();
        settings.Validate();
        Assert.Equal(0.9, settings.Momentum);
        Assert.Equal(0.9, settings.Beta1);
        Assert.Equal(0.999, settings.Beta2);
        Assert.Equal(1e-8, settings.Epsilon);
        Assert.Equal(0.99, settings.Rho);
        Assert.Equal(0.0, settings.RmsPropMomentum);
        Assert.False(settings.RmsPropCentered);
        Assert.Equal(0.0, settings.WeightDecay);
        Assert.Equal(0.01, settings.DecoupledWeightDecay);
    }

    public static TheoryData<string, OptimizerSettings> InvalidSettings() => new()
    {
        { "Momentum", new OptimizerSettings { Momentum = -0.1 } },
        { "Momentum", new OptimizerSettings { Momentum = 1.0 } },
        { "Momentum", new OptimizerSettings { Momentum = double.NaN } },
        { "Beta1", new OptimizerSettings { Beta1 = 1.0 } },
        { "Beta1", new OptimizerSettings { Beta1 = -0.5 } },
        { "Beta2", new OptimizerSettings { Beta2 = 1.5 } },
        { "Epsilon", new OptimizerSettings { Epsilon = 0 } },
        { "Epsilon", new OptimizerSettings { Epsilon = double.PositiveInfinity } },
        { "Rho", new OptimizerSettings { Rho = 1.0 } },
        { "RmsPropMomentum", new OptimizerSettings { RmsPropMomentum = -1 } },
        { "WeightDecay", new OptimizerSettings { WeightDecay = -1e-3 } },
        { "DecoupledWeightDecay", new OptimizerSettings { DecoupledWeightDecay = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void InvalidSettingIsNamedWithItsRange(string name, OptimizerSettings settings)
    {
        var ex = Assert.Throws<InvalidOptionException>(settings.Validate);
        Assert.Equal(name, ex.ParamName);
        Assert.Equal(name, ex.Option);
        Assert.Contains($"Option {name} must be {ex.Requirement}; it was ", ex.Message);

        // The factory validates too, whatever the kind.
        var fromFactory = Assert.Throws<InvalidOptionException>(() => OptimizerFactory.Create<double>(OptimizerKind.Sgd, settings));
        Assert.Equal(name, fromFactory.ParamName);
    }

    [Fact]
    public void NesterovNeedsPositiveMomentum()
    {
        var ex = Assert.Throws<InvalidOptionException>(
            () => OptimizerFactory.Create<double>(OptimizerKind.Nesterov, new OptimizerSettings { Momentum = 0 }));
        Assert.Contains("Momentum", ex.Message);
        Assert.Contains("(0, 1)", ex.Message);
        Assert.Throws<InvalidOptionException>(() => new SgdOptimizer<double>(momentum: 0, nesterov: true));
    }

    [Fact]
    public void ConstructorsValidateTheirArguments()
    {
        Assert.Contains("momentum", Assert.Throws<InvalidOptionException>(() => new SgdOptimizer<double>(momentum: 1)).Message);
        Assert.Contains("weightDecay", Assert.Throws<InvalidOptionException>(() => new SgdOptimizer<double>(weightDecay: -1)).Message);
        Assert.Contains("rho", Assert.Throws<InvalidOptionException>(() => new RmsPropOptimizer<double>(rho: 1)).Message);
        Assert.Contains("epsilon", Assert.Throws<InvalidOptionException>(() => new RmsPropOptimizer<double>(epsilon: -1)).Message);
        Assert.Contains("beta1", Assert.Throws<InvalidOptionException>(() => new AdamOptimizer<double>(beta1: 1)).Message);
        Assert.Contains("beta2", Assert.Throws<InvalidOptionException>(() => new AdamWOptimizer<double>(beta2: -0.1)).Message);
        Assert.Contains("weightDecay", Assert.Throws<InvalidOptionException>(() => new AdamWOptimizer<double>(weightDecay: -0.1)).Message);
    }

    [Fact]
    public void UnknownKindThrows()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OptimizerFactory.Create<double>((OptimizerKind)42));
        Assert.Equal("kind", ex.ParamName);
    }
}
