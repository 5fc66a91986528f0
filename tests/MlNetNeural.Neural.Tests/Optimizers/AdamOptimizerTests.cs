using MlNetNeural.Neural.Optimizers;
using Xunit;

namespace MlNetNeural.Neural.Tests.Optimizers;

public class AdamOptimizerTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void AdamFollowsTorchWithBiasCorrection()
    {
        var w = new[] { 1.0 };
        var g = new double[1];
        var adam = new AdamOptimizer<double>(); // β = (0.9, 0.999), ε = 1e-8
        var parameters = new[] { new OptimizerParameter<double>(w, g, true) };

        // t=1, g=0.5: m = 0.1·0.5 = 0.05;  v = 0.001·0.25 = 0.00025
        //   step size = η/(1 − 0.9) = 0.1/0.1 = 1;  √v/√(1 − 0.999) = √(0.00025/0.001) = 0.5
        //   w = 1 − 1·0.05/(0.5 + 1e-8) = 1 − 0.09999999800000004 = 0.90000000199999996
        g[0] = 0.5;
        adam.Step(parameters, 0.1);
        Assert.Equal(0.90000000199999996, w[0], Tolerance);

        // t=2, g=0.25: m = 0.9·0.05 + 0.1·0.25 = 0.07;  v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
        //   1 − 0.9² = 0.19, step size = 0.1/0.19 = 0.526315789473684211
        //   1 − 0.999² = 0.001999;  √(0.00031225/0.001999) = √0.156203101550775 = 0.395225380701664184
        //   w = 0.90000000199999996 − 0.526315789473684211·0.07/0.395225390701664184
        //     = 0.90000000199999996 − 0.093217961522538291 = 0.806782040477461669
        g[0] = 0.25;
        adam.Step(parameters, 0.1);
        Assert.Equal(0.806782040477461669, w[0], Tolerance);
    }

    [Fact]
    public void AdamCoupledWeightDecayIsAddedToTheWeightGradientOnly()
    {
        // With λ = 0.5 and w = 2, the weight's effective gradient is g + 1; the bias sees g.
        var decayed = new[] { new OptimizerParameter<double>(new[] { 2.0 }, new[] { 0.5 }, true), new OptimizerParameter<double>(new[] { 2.0 }, new[] { 0.5 }, false) };
        var reference = new[] { new OptimizerParameter<double>(new[] { 2.0 }, new[] { 1.5 }, true), new OptimizerParameter<double>(new[] { 2.0 }, new[] { 0.5 }, true) };
        new AdamOptimizer<double>(weightDecay: 0.5).Step(decayed, 0.1);
        new AdamOptimizer<double>().Step(reference, 0.1);

        Assert.Equal(reference[0].Values[0], decayed[0].Values[0], Tolerance);
        Assert.Equal(reference[1].Values[0], decayed[1].Values[0], Tolerance);
    }

    [Fact]
    public void AdamWDecaysWeightsBeforeTheStepAndLeavesBiasesAlone()
    {
        var weight = new[] { 1.0 };
        var bias = new[] { 1.0 };
        var g = new double[1];
        var adamW = new AdamWOptimizer<double>(weightDecay: 0.1);
        var parameters = new[]
        {
            new OptimizerParameter<double>(weight, g, IsWeight: true),
            new OptimizerParameter<double>(bias, g, IsWeight: false),
        };

        // t=1, g=0.5: the Adam step is the one above, 0.09999999800000004 (decay does not enter it).
        //   weight: w = 1·(1 − 0.1·0.1) = 0.99, then 0.99 − 0.09999999800000004 = 0.89000000199999996
        //   bias:   w = 1 − 0.09999999800000004 = 0.90000000199999996
        g[0] = 0.5;
        adamW.Step(parameters, 0.1);
        Assert.Equal(0.89000000199999996, weight[0], Tolerance);
        Assert.Equal(0.90000000199999996, bias[0], Tolerance);

        // t=2, g=0.25: Adam step 0.093217961522538291 as above.
        //   weight: 0.89000000199999996·0.99 = 0.88110000197999996, minus the step = 0.787882040457461669
        //   bias:   0.90000000199999996 − 0.093217961522538291 = 0.806782040477461669
        g[0] = 0.25;
        adamW.Step(parameters, 0.1);
        Assert.Equal(0.787882040457461669, weight[0], Tolerance);
        Assert.Equal(0.806782040477461669, bias[0], Tolerance);
    }

    [Fact]
    public void AdamWDefaultDecayIsTorchs()
    {
        Assert.Equal(0.01, OptimizerSettings.Defaults.DecoupledWeightDecay);
        Assert.Equal(0.01, new OptimizerSettings().DecoupledWeightDecay);
    }
}
