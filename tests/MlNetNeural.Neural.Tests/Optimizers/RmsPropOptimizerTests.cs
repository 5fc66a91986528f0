using MlNetNeural.Neural.Optimizers;
using Xunit;

namespace MlNetNeural.Neural.Tests.Optimizers;

public class RmsPropOptimizerTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void DividesByRootOfSquaredGradientAverage()
    {
        var w = new[] { 1.0 };
        var g = new double[1];
        var rms = new RmsPropOptimizer<double>(); // ρ = 0.99, ε = 1e-8
        var parameters = new[] { new OptimizerParameter<double>(w, g, true) };

        // t=1, g=1:   v = 0.01·1 = 0.01, √v = 0.1
        //             1/(0.1 + 1e-8) = 10/(1 + 1e-7) = 9.9999990000001
        //             w = 1 − 0.01·1·9.9999990000001 = 1 − 0.099999990000001 = 0.900000009999999
        g[0] = 1;
        rms.Step(parameters, 0.01);
        Assert.Equal(0.900000009999999, w[0], Tolerance);

        // t=2, g=0.1: v = 0.99·0.01 + 0.01·0.01 = 0.0099 + 0.0001 = 0.01, √v = 0.1
        //             w = 0.900000009999999 − 0.01·0.1·9.9999990000001 = 0.900000009999999 − 0.0099999990000001
        //               = 0.8900000109999989
        g[0] = 0.1;
        rms.Step(parameters, 0.01);
        Assert.Equal(0.8900000109999989, w[0], Tolerance);

        // t=3, g=−0.1: v = 0.01 again, so the step is the same size the other way: back to 0.900000009999999
        g[0] = -0.1;
        rms.Step(parameters, 0.01);
        Assert.Equal(0.900000009999999, w[0], Tolerance);
    }

    [Fact]
    public void CenteredWithMomentum()
    {
        var w = new[] { 1.0 };
        var g = new double[1];
        var rms = new RmsPropOptimizer<double>(rho: 0.5, momentum: 0.9, centered: true);
        var parameters = new[] { new OptimizerParameter<double>(w, g, true) };

        // t=1, g=1:    v = 0.5·1 = 0.5;  a = 0.5·1 = 0.5;  s = v − a² = 0.25, √s = 0.5
        //              b = 1/(0.5 + 1e-8) = 2/(1 + 2e-8) = 1.99999996000000080
        //              w = 1 − 0.1·b = 0.80000000399999992
        g[0] = 1;
        rms.Step(parameters, 0.1);
        Assert.Equal(0.80000000399999992, w[0], Tolerance);

        // t=2, g=0.75: v = 0.25 + 0.5·0.5625 = 0.53125;  a = 0.25 + 0.375 = 0.625
        //              s = 0.53125 − 0.390625 = 0.140625, √s = 0.375
        //              g/(√s + ε) = 0.75/0.37500001 = 1.99999994666666809
        //              b = 0.9·1.99999996000000080 + 1.99999994666666809 = 3.79999991066666881
        //              w = 0.80000000399999992 − 0.379999991066666881 = 0.42000001293333304
        g[0] = 0.75;
        rms.Step(parameters, 0.1);
        Assert.Equal(0.42000001293333304, w[0], Tolerance);
    }

    [Fact]
    public void CoupledWeightDecayAppliesToWeightsOnly()
    {
        var weight = new[] { 2.0 };
        var bias = new[] { 2.0 };
        var rms = new RmsPropOptimizer<double>(rho: 0.5, weightDecay: 0.5);
        var parameters = new[]
        {
            new OptimizerParameter<double>(weight, new[] { -0.5 }, IsWeight: true),
            new OptimizerParameter<double>(bias, new[] { -0.5 }, IsWeight: false),
        };

        rms.Step(parameters, 0.1);

        // The decay flips the weight's effective gradient; the bias keeps the raw one.
        // weight: d = −0.5 + 0.5·2 = 0.5;  v = 0.5·0.25 = 0.125, √v = 0.3535533906
        //         w = 2 − 0.1·0.5/(0.3535533906 + 1e-8) = 2 − 0.1414213522 = 1.8585786478
        // bias:   d = −0.5;  v = 0.125;  w = 2 + 0.1414213522 = 2.1414213522
        Assert.Equal(1.8585786478, weight[0], 1e-10);
        Assert.Equal(2.1414213522, bias[0], 1e-10);
        Assert.Equal(2 - (0.05 / (System.Math.Sqrt(0.125) + 1e-8)), weight[0], Tolerance);
        Assert.Equal(2 + (0.05 / (System.Math.Sqrt(0.125) + 1e-8)), bias[0], Tolerance);
    }
}
