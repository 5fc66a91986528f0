using MlNetNeural.Neural.Losses;
using Xunit;

namespace MlNetNeural.Neural.Tests.Losses;

/// <summary>Loss values and gradients on inputs small enough to work out by hand.</summary>
public class LossValueTests
{
    private static (double Value, double[] Gradient) Run(
        ILoss<double> loss, double[] outputs, double[] targets, double[] weights, int rows, int width)
    {
        var g = new double[rows * width];
        double value = loss.Compute(outputs, targets, weights, rows, width, g);
        return (value, g);
    }

    [Fact]
    public void MeanSquaredErrorHasNoHalfAndAveragesOverOutputs()
    {
        // One row, two outputs: d = (2, −1), ℓ = (4, 1), mean 2.5; ∂/∂y = 2d / k = (2, −1).
        var (value, g) = Run(new MeanSquaredErrorLoss<double>(), [3, 0], [1, 1], [], 1, 2);
        Assert.Equal(2.5, value, 15);
        Assert.Equal([2.0, -1.0], g);
    }

    [Fact]
    public void MeanAbsoluteErrorHasZeroSubgradientAtZero()
    {
        // d = (2, 0): mean |d| = 1; ∂/∂y = sign(d) / 2 = (0.5, 0).
        var (value, g) = Run(new MeanAbsoluteErrorLoss<double>(), [3, 1], [1, 1], [], 1, 2);
        Assert.Equal(1.0, value, 15);
        Assert.Equal([0.5, 0.0], g);
    }

    [Fact]
    public void HuberIsQuadraticInsideDeltaAndLinearOutside()
    {
        // δ = 1, d = (3, 0.5, −2): ℓ = (1·(3 − 0.5), 0.125, 1·(2 − 0.5)) = (2.5, 0.125, 1.5); mean 4.125/3.
        // ∂/∂y = clamp(d, −1, 1) / 3 = (1/3, 0.5/3, −1/3).
        var (value, g) = Run(new HuberLoss<double>(), [3, 0.5, -2], [0, 0, 0], [], 1, 3);
        Assert.Equal(4.125 / 3, value, 15);
        Assert.Equal(1.0 / 3, g[0], 15);
        Assert.Equal(0.5 / 3, g[1], 15);
        Assert.Equal(-1.0 / 3, g[2], 15);

        // δ = 2, d = 3: 2·(3 − 1) = 4, slope 2.
        var (value2, g2) = Run(new HuberLoss<double>(2.0), [3], [0], [], 1, 1);
        Assert.Equal(4.0, value2, 15);
        Assert.Equal(2.0, g2[0], 15);
        // δ = 0.5, d = 0.8 is already in the linear part: 0.5·(0.8 − 0.25) = 0.275, slope 0.5.
        var (value3, g3) = Run(new HuberLoss<double>(0.5), [0.8], [0], [], 1, 1);
        Assert.Equal(0.275, value3, 15);
        Assert.Equal(0.5, g3[0], 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HuberLoss<double>(0));
    }

    [Fact]
    public void LogCoshMatchesDefinitionAndSurvivesHugeErrors()
    {
        var (value, g) = Run(new LogCoshLoss<double>(), [2.0], [0.0], [], 1, 1);
        Assert.Equal(Math.Log(Math.Cosh(2.0)), value, 14);
        Assert.Equal(Math.Tanh(2.0), g[0], 15);

        // cosh(1000) overflows; log cosh(d) ≈ |d| − log 2 there.
        var (big, gb) = Run(new LogCoshLoss<double>(), [-1000.0], [0.0], [], 1, 1);
        Assert.Equal(1000 - Math.Log(2), big, 10);
        Assert.Equal(-1.0, gb[0]);
    }

    [Fact]
    public void BinaryCrossEntropyFromLogits()
    {
        // Rows: (z=0, t=1) → log 2, σ−t = −0.5; (z=2, t=0) → log(1 + e²), σ(2).
        var (value, g) = Run(new BinaryCrossEntropyLoss<double>(), [0, 2], [1, 0], [], 2, 1);
        double sigma2 = 1 / (1 + Math.Exp(-2));
        Assert.Equal((Math.Log(2) + Math.Log(1 + Math.Exp(2))) / 2, value, 14);
        Assert.Equal(-0.5 / 2, g[0], 15);
        Assert.Equal(sigma2 / 2, g[1], 15);
    }

    [Fact]
    public void SoftmaxCrossEntropyFromLogits()
    {
        // z = (1, 2, 3), class 0: −log(e / (e + e² + e³)); gradient p − t.
        double[] z = [1, 2, 3];
        double sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        var (value, g) = Run(new SoftmaxCrossEntropyLoss<double>(), z, [1, 0, 0], [], 1, 3);
        Assert.Equal(-Math.Log(Math.Exp(1) / sum), value, 14);
        Assert.Equal((Math.Exp(1) / sum) - 1, g[0], 15);
        Assert.Equal(Math.Exp(2) / sum, g[1], 15);
        Assert.Equal(Math.Exp(3) / sum, g[2], 15);
    }

    [Fact]
    public void ExampleWeightsGiveAWeightedMean()
    {
        // Row losses 4 and 1 (MSE, one output) with weights 1 and 3: (4 + 3) / 4 = 1.75.
        // Gradients 2d·w/Σw: 2·2·1/4 = 1 and 2·(−1)·3/4 = −1.5.
        var (value, g) = Run(new MeanSquaredErrorLoss<double>(), [2, -1], [0, 0], [1, 3], 2, 1);
        Assert.Equal(1.75, value, 15);
        Assert.Equal([1.0, -1.5], g);
    }

    [Theory]
    [InlineData(LossFunction.BinaryCrossEntropy)]
    [InlineData(LossFunction.SoftmaxCrossEntropy)]
    [InlineData(LossFunction.MeanSquaredError)]
    [InlineData(LossFunction.MeanAbsoluteError)]
    [InlineData(LossFunction.Huber)]
    [InlineData(LossFunction.LogCosh)]
    public void AllZeroWeightsGiveZeroLossAndGradient(LossFunction kind)
    {
        ILoss<double> loss = LossFactory.Create<double>(kind);
        var g = new double[] { 7, 7, 7, 7 };
        double value = loss.Compute([1, 2, 3, 4], [1, 0, 0, 1], [0, 0], 2, 2, g);
        Assert.Equal(0, value);
        Assert.All(g, v => Assert.Equal(0, v));
    }

    [Fact]
    public void NegativeOrNonFiniteWeightsAreRejected()
    {
        var loss = new MeanSquaredErrorLoss<double>();
        var e = Assert.Throws<ArgumentException>(() => loss.Compute([1, 2], [0, 0], [1, -1], 2, 1, default));
        Assert.Equal("exampleWeights", e.ParamName);
        Assert.Contains("1", e.Message);
        Assert.Throws<ArgumentException>(() => loss.Compute([1, 2], [0, 0], [1, double.NaN], 2, 1, default));
        Assert.Throws<ArgumentException>(() => loss.Compute([1, 2], [0, 0], [1, double.PositiveInfinity], 2, 1, default));
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        var loss = new SoftmaxCrossEntropyLoss<double>();
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => loss.Compute([1, 2], [1], [], 1, 2, default)).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => loss.Compute([1, 2], [1, 0], [], 1, 2, new double[3])).ParamName);
        Assert.Equal("exampleWeights", Assert.Throws<ArgumentException>(() => loss.Compute([1, 2], [1, 0], [1, 1], 1, 2, default)).ParamName);
    }

    [Fact]
    public void FactoryCreatesEachKind()
    {
        foreach (LossFunction kind in Enum.GetValues<LossFunction>())
        {
            Assert.Equal(kind, LossFactory.Create<float>(kind).Kind);
        }

        Assert.Equal(3.0, ((HuberLoss<double>)LossFactory.Create<double>(LossFunction.Huber, 3.0)).Delta);
        Assert.Throws<ArgumentOutOfRangeException>(() => LossFactory.Create<double>((LossFunction)99));
    }
}
