using System;
using System.Collections.Generic;
using MlNetNeural.Neural.Optimizers;
using Xunit;

namespace MlNetNeural.Neural.Tests.Optimizers;

public class GradientClippingTests
{
    [Fact]
    public void NormIsTheL2NormOfAllArraysTogether()
    {
        // √(3² + 4² + 12²) = √169 = 13, below the maximum: nothing changes.
        var a = new[] { 3.0, 4.0 };
        var b = new[] { 12.0 };
        double norm = GradientClipping.ClipGlobalNorm(new List<double[]> { a, b }, 100);

        Assert.Equal(13.0, norm, 1e-12);
        Assert.Equal(new[] { 3.0, 4.0 }, a);
        Assert.Equal(new[] { 12.0 }, b);
    }

    [Fact]
    public void AboveTheMaximumEveryGradientIsScaledToTheMaximum()
    {
        // Norm 13 > 6.5: scale by 6.5/13 = 0.5.
        var a = new[] { 3.0, 4.0 };
        var b = new[] { 12.0 };
        double norm = GradientClipping.ClipGlobalNorm(new[] { a, b }, 6.5);

        Assert.Equal(13.0, norm, 1e-12);
        Assert.Equal(1.5, a[0], 1e-12);
        Assert.Equal(2.0, a[1], 1e-12);
        Assert.Equal(6.0, b[0], 1e-12);
        Assert.Equal(6.5, Math.Sqrt((a[0] * a[0]) + (a[1] * a[1]) + (b[0] * b[0])), 1e-12);
    }

    [Fact]
    public void AtExactlyTheMaximumNothingChanges()
    {
        var a = new[] { 3.0, 4.0 };
        Assert.Equal(5.0, GradientClipping.ClipGlobalNorm(new[] { a }, 5.0), 1e-12);
        Assert.Equal(new[] { 3.0, 4.0 }, a);
    }

    [Fact]
    public void ParameterOverloadClipsGradientsAndLeavesValues()
    {
        var values = new[] { 10.0, 20.0 };
        var gradient = new[] { 30.0, 40.0 };
        var parameters = new[] { new OptimizerParameter<double>(values, gradient, true) };

        double norm = GradientClipping.ClipGlobalNorm(parameters, 1.0);

        Assert.Equal(50.0, norm, 1e-12);
        Assert.Equal(0.6, gradient[0], 1e-12);
        Assert.Equal(0.8, gradient[1], 1e-12);
        Assert.Equal(new[] { 10.0, 20.0 }, values);
    }

    [Fact]
    public void FloatGradientsOfManyElementsAreClipped()
    {
        var g = new float[1000];
        Array.Fill(g, 1f); // norm √1000
        double norm = GradientClipping.ClipGlobalNorm(new[] { g }, 1.0);

        Assert.Equal(Math.Sqrt(1000), norm, 1e-4);
        double after = 0;
        foreach (float x in g)
        {
            after += x * (double)x;
        }

        Assert.Equal(1.0, Math.Sqrt(after), 1e-6);
    }

    [Fact]
    public void NonFiniteNormIsReturnedAndGradientsAreLeftAlone()
    {
        var a = new[] { double.NaN, 1.0 };
        Assert.True(double.IsNaN(GradientClipping.ClipGlobalNorm(new[] { a }, 1.0)));
        Assert.Equal(1.0, a[1]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void BadMaximumThrows(double maxNorm)
    {
        var ex = Assert.Throws<InvalidOptionException>(() => GradientClipping.ClipGlobalNorm(new[] { new[] { 1.0 } }, maxNorm));
        Assert.Contains("maxNorm", ex.Message);
    }
}
