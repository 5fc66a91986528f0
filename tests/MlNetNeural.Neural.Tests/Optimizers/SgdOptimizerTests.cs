using MlNetNeural.Neural.Optimizers;
using Xunit;

namespace MlNetNeural.Neural.Tests.Optimizers;

public class SgdOptimizerTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void PlainSgdSubtractsRateTimesGradient()
    {
        var w = new[] { 1.0, -2.0 };
        var g = new[] { 0.5, 0.25 };
        var sgd = new SgdOptimizer<double>();
        var parameters = new[] { new OptimizerParameter<double>(w, g, IsWeight: true) };

        // w = w − 0.1·g = [1 − 0.05, −2 − 0.025]
        sgd.Step(parameters, 0.1);
        Assert.Equal(0.95, w[0], Tolerance);
        Assert.Equal(-2.025, w[1], Tolerance);

        // Same gradient again: [0.95 − 0.05, −2.025 − 0.025]
        sgd.Step(parameters, 0.1);
        Assert.Equal(0.90, w[0], Tolerance);
        Assert.Equal(-2.05, w[1], Tolerance);
    }

    [Fact]
    public void MomentumBufferStartsAtFirstGradientThenAccumulates()
    {
        var w = new[] { 1.0 };
        var g = new double[1];
        var sgd = new SgdOptimizer<double>(momentum: 0.9);
        var parameters = new[] { new OptimizerParameter<double>(w, g, true) };

        // t=1, g=0.5: b = g = 0.5;               w = 1 − 0.1·0.5 = 0.95
        g[0] = 0.5;
        sgd.Step(parameters, 0.1);
        Assert.Equal(0.95, w[0], Tolerance);

        // t=2, g=0.3: b = 0.9·0.5 + 0.3 = 0.75;   w = 0.95 − 0.075 = 0.875
        g[0] = 0.3;
        sgd.Step(parameters, 0.1);
        Assert.Equal(0.875, w[0], Tolerance);

        // t=3, g=−0.2: b = 0.9·0.75 − 0.2 = 0.475; w = 0.875 − 0.0475 = 0.8275
        g[0] = -0.2;
        sgd.Step(parameters, 0.1);
        Assert.Equal(0.8275, w[0], Tolerance);
    }

    [Fact]
    public void NesterovLooksAheadAlongTheBuffer()
    {
        var w = new[] { 1.0 };
        var g = new double[1];
        var sgd = new SgdOptimizer<double>(momentum: 0.9, nesterov: true);
        var parameters = new[] { new OptimizerParameter<double>(w, g, true) };

        // t=1, g=0.5: b = 0.5;  d = g + μb = 0.5 + 0.45 = 0.95;        w = 1 − 0.095 = 0.905
        g[0] = 0.5;
        sgd.Step(parameters, 0.1);
        Assert.Equal(0.905, w[0], Tolerance);

        // t=2, g=0.3: b = 0.45 + 0.3 = 0.75;  d = 0.3 + 0.675 = 0.975;  w = 0.905 − 0.0975 = 0.8075
        g[0] = 0.3;
        sgd.Step(parameters, 0.1);
        Assert.Equal(0.8075, w[0], Tolerance);

        // t=3, g=−0.2: b = 0.675 − 0.2 = 0.475;  d = −0.2 + 0.4275 = 0.2275;  w = 0.8075 − 0.02275 = 0.78475
        g[0] = -0.2;
        sgd.Step(parameters, 0.1);
        Assert.Equal(0.78475, w[0], Tolerance);
    }

    [Fact]
    public void CoupledWeightDecayAppliesToWeightsOnly()
    {
        var weight = new[] { 2.0 };
        var bias = new[] { 2.0 };
        var sgd = new SgdOptimizer<double>(weightDecay: 0.1);
        var parameters = new[]
        {
            new OptimizerParameter<double>(weight, new[] { 0.5 }, IsWeight: true),
            new OptimizerParameter<double>(bias, new[] { 0.5 }, IsWeight: false),
        };

        sgd.Step(parameters, 0.1);

        // weight: d = 0.5 + 0.1·2 = 0.7; w = 2 − 0.07 = 1.93.  bias: w = 2 − 0.05 = 1.95
        Assert.Equal(1.93, weight[0], Tolerance);
        Assert.Equal(1.95, bias[0], Tolerance);
    }

    [Fact]
    public void GradientIsNotModified()
    {
        var g = new[] { 0.5, -0.25 };
        var sgd = new SgdOptimizer<double>(momentum: 0.9, nesterov: true, weightDecay: 0.1);
        var parameters = new[] { new OptimizerParameter<double>(new[] { 1.0, 2.0 }, g, true) };

        sgd.Step(parameters, 0.1);
        sgd.Step(parameters, 0.1);

        Assert.Equal(new[] { 0.5, -0.25 }, g);
    }

    [Fact]
    public void WorksInFloat()
    {
        var w = new[] { 1f, -2f };
        var sgd = new SgdOptimizer<float>(momentum: 0.9f);
        sgd.Step(new[] { new OptimizerParameter<float>(w, new[] { 0.5f, 0.25f }, true) }, 0.1f);

        Assert.Equal(0.95f, w[0], 1e-6f);
        Assert.Equal(-2.025f, w[1], 1e-6f);
    }
}
