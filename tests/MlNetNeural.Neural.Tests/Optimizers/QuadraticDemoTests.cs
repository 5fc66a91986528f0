using System;
using MlNetNeural.Neural.Optimizers;
using Xunit;

namespace MlNetNeural.Neural.Tests.Optimizers;

/// <summary>The textbook's 1-D demos: minimise f(w) = w², whose gradient is 2w, from w₀ = 1.</summary>
public class QuadraticDemoTests
{
    [Fact]
    public void GradientDescentConvergesGeometrically()
    {
        // w ← w − 0.1·2w = 0.8·w, so w_k = 0.8^k exactly (up to rounding).
        var (w, g, parameters) = Start(1.0);
        var sgd = new SgdOptimizer<double>();
        for (int k = 1; k <= 60; k++)
        {
            g[0] = 2 * w[0];
            sgd.Step(parameters, 0.1);
            Assert.Equal(Math.Pow(0.8, k), w[0], 1e-12 * Math.Pow(0.8, k));
        }
    }

    [Fact]
    public void HighMomentumOvershootsButConverges()
    {
        // μ = 0.9: the iteration's roots are complex with modulus √0.9, so w oscillates around 0
        // and decays like 0.9487^k.
        var trace = Run(new SgdOptimizer<double>(momentum: 0.9), 0.1, 250);
        Assert.True(SignChanges(trace) >= 2, "momentum 0.9 should overshoot the minimum");
        Assert.True(Math.Abs(trace[^1]) < 1e-3, $"|w| = {Math.Abs(trace[^1])} after 250 steps");
    }

    [Fact]
    public void LowMomentumDoesNotOvershoot()
    {
        // μ = 0.1: both roots of λ² − 0.9λ + 0.1 are real and positive, so w decreases monotonically.
        var trace = Run(new SgdOptimizer<double>(momentum: 0.1), 0.1, 100);
        Assert.Equal(0, SignChanges(trace));
        Assert.True(Math.Abs(trace[^1]) < 1e-9);
    }

    [Fact]
    public void RmsPropFirstStepIgnoresTheGradientScale()
    {
        // v = (1 − ρ)·g², so the first step is η·g/√v = η/√(1 − ρ) = 0.01/0.1 = 0.1 whatever g is.
        foreach (double w0 in new[] { 1.0, 1000.0 })
        {
            var trace = Run(new RmsPropOptimizer<double>(), 0.01, 1, w0);
            Assert.Equal(0.1, w0 - trace[^1], 1e-6);
        }
    }

    [Fact]
    public void RmsPropConverges()
    {
        var trace = Run(new RmsPropOptimizer<double>(), 0.01, 300);
        Assert.True(Math.Abs(trace[^1]) < 1e-6, $"|w| = {Math.Abs(trace[^1])} after 300 steps");
    }

    [Fact]
    public void AdamConverges()
    {
        // Adam's first step has size η whatever the gradient (m̂/√v̂ = sign g).
        var trace = Run(new AdamOptimizer<double>(), 0.1, 300);
        Assert.Equal(0.9, trace[0], 1e-6);
        Assert.True(Math.Abs(trace[^1]) < 1e-5, $"|w| = {Math.Abs(trace[^1])} after 300 steps");
    }

    private static (double[] W, double[] G, OptimizerParameter<double>[] Parameters) Start(double w0)
    {
        var w = new[] { w0 };
        var g = new double[1];
        return (w, g, new[] { new OptimizerParameter<double>(w, g, true) });
    }

    private static double[] Run(Optimizer<double> optimizer, double rate, int steps, double w0 = 1.0)
    {
        var (w, g, parameters) = Start(w0);
        var trace = new double[steps];
        for (int k = 0; k < steps; k++)
        {
            g[0] = 2 * w[0];
            optimizer.Step(parameters, rate);
            trace[k] = w[0];
        }

        return trace;
    }

    private static int SignChanges(double[] trace)
    {
        int changes = 0;
        for (int k = 1; k < trace.Length; k++)
        {
            if (Math.Sign(trace[k]) * Math.Sign(trace[k - 1]) < 0)
            {
                changes++;
            }
        }

        return changes;
    }
}
