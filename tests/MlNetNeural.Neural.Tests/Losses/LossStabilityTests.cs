using MlNetNeural.Neural.Losses;
using Xunit;

namespace MlNetNeural.Neural.Tests.Losses;

/// <summary>Cross-entropies computed from extreme logits stay finite (the naive log(σ(z)) would give log 0).</summary>
public class LossStabilityTests
{
    [Theory]
    [InlineData(1000f, 1f, 0f, 0f)]      // confidently right
    [InlineData(-1000f, 0f, 0f, 0f)]
    [InlineData(1000f, 0f, 1000f, 1f)]   // confidently wrong: loss ≈ |z|, gradient ±1
    [InlineData(-1000f, 1f, 1000f, -1f)]
    public void BinaryCrossEntropyWithHugeLogits(float z, float t, float expectedLoss, float expectedGradient)
    {
        var g = new float[1];
        double value = new BinaryCrossEntropyLoss<float>().Compute([z], [t], [], 1, 1, g);
        Assert.True(double.IsFinite(value));
        Assert.True(float.IsFinite(g[0]));
        Assert.Equal(expectedLoss, value, 3);
        Assert.Equal(expectedGradient, g[0], 6);
    }

    [Fact]
    public void SoftmaxCrossEntropyWithHugeLogits()
    {
        // Row 0: logits (1000, −1000, 0), class 1 → loss = lse − z₁ ≈ 1000 − (−1000) = 2000;
        //   p ≈ (1, 0, 0), gradient ≈ (1, −1, 0).
        // Row 1: same logits, class 0 → loss ≈ 0, gradient ≈ 0.
        float[] z = [1000, -1000, 0, 1000, -1000, 0];
        float[] t = [0, 1, 0, 1, 0, 0];
        var g = new float[6];
        double value = new SoftmaxCrossEntropyLoss<float>().Compute(z, t, [], 2, 3, g);
        Assert.Equal(1000.0, value, 6); // (2000 + 0) / 2
        Assert.All(g, v => Assert.True(float.IsFinite(v)));
        Assert.Equal([0.5f, -0.5f, 0f, 0f, 0f, 0f], g);
    }

    [Fact]
    public void ZeroWeightRowWithNonFiniteOutputDoesNotLeak()
    {
        var g = new double[2];
        double value = new MeanSquaredErrorLoss<double>().Compute([1, double.NaN], [0, 0], [1, 0], 2, 1, g);
        Assert.Equal(1.0, value);
        Assert.Equal([2.0, 0.0], g);
    }
}
