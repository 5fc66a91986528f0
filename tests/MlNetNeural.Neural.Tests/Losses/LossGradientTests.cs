using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Losses;

/// <summary>Every loss's gradient with respect to the outputs, against finite differences, with uneven and zero weights.</summary>
public class LossGradientTests
{
    public static TheoryData<LossFunction, int> Cases => new()
    {
        { LossFunction.BinaryCrossEntropy, 1 },
        { LossFunction.BinaryCrossEntropy, 3 },
        { LossFunction.SoftmaxCrossEntropy, 2 },
        { LossFunction.SoftmaxCrossEntropy, 4 },
        { LossFunction.MeanSquaredError, 1 },
        { LossFunction.MeanSquaredError, 3 },
        { LossFunction.MeanAbsoluteError, 3 },
        { LossFunction.Huber, 3 },
        { LossFunction.LogCosh, 3 },
    };

    private static readonly double[] Weights = [0.5, 2.0, 0.0, 1.25, 3.0];

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(LossFunction kind, int width)
    {
        var random = new Random(21 + width);
        int rows = Weights.Length;
        ILoss<double> loss = LossFactory.Create<double>(kind, huberDelta: 0.8);
        double[] outputs = TestData.Uniform(random, rows * width, -3, 3);
        double[] targets = TestData.Targets(random, kind, rows, width);
        var g = new double[rows * width];
        loss.Compute(outputs, targets, Weights, rows, width, g);

        GradientCheck.AssertGradient(outputs, g, () => loss.Compute(outputs, targets, Weights, rows, width, default));
        Assert.All(g.AsSpan(2 * width, width).ToArray(), v => Assert.Equal(0, v));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ZeroWeightRowIsTheSameAsRemovingIt(LossFunction kind, int width)
    {
        var random = new Random(31 + width);
        int rows = Weights.Length;
        ILoss<double> loss = LossFactory.Create<double>(kind);
        double[] outputs = TestData.Uniform(random, rows * width, -3, 3);
        double[] targets = TestData.Targets(random, kind, rows, width);
        var g = new double[rows * width];
        double value = loss.Compute(outputs, targets, Weights, rows, width, g);

        // Row 2 has weight 0: drop it.
        double[] keptOutputs = [.. outputs[..(2 * width)], .. outputs[(3 * width)..]];
        double[] keptTargets = [.. targets[..(2 * width)], .. targets[(3 * width)..]];
        double[] keptWeights = [0.5, 2.0, 1.25, 3.0];
        var keptG = new double[(rows - 1) * width];
        double keptValue = loss.Compute(keptOutputs, keptTargets, keptWeights, rows - 1, width, keptG);

        Assert.Equal(keptValue, value, 14);
        double[] gWithoutRow2 = [.. g[..(2 * width)], .. g[(3 * width)..]];
        for (int i = 0; i < keptG.Length; i++)
        {
            Assert.Equal(keptG[i], gWithoutRow2[i], 15);
        }
    }

    [Theory]
    [InlineData(LossFunction.SoftmaxCrossEntropy)]
    [InlineData(LossFunction.BinaryCrossEntropy)]
    public void SoftTargetsThatDoNotSumToOne(LossFunction kind)
    {
        // Targets in [0, 1] with row sums ≠ 1: the softmax gradient is then p·Σt − t, not p − t.
        var random = new Random(37);
        ILoss<double> loss = LossFactory.Create<double>(kind);
        double[] outputs = TestData.Uniform(random, 3 * 4, -3, 3);
        double[] targets = TestData.Uniform(random, 3 * 4, 0, 0.5);
        double[] weights = [1, 2, 0.5];
        var g = new double[12];
        loss.Compute(outputs, targets, weights, 3, 4, g);
        GradientCheck.AssertGradient(outputs, g, () => loss.Compute(outputs, targets, weights, 3, 4, default));
    }

    [Fact]
    public void FloatAgreesWithDouble()
    {
        var random = new Random(41);
        foreach (LossFunction kind in Enum.GetValues<LossFunction>())
        {
            double[] outputs = TestData.Uniform(random, 12, -3, 3);
            double[] targets = TestData.Targets(random, kind, 4, 3);
            double[] weights = [1, 0.5, 0, 2];
            var gd = new double[12];
            var gf = new float[12];
            double vd = LossFactory.Create<double>(kind).Compute(outputs, targets, weights, 4, 3, gd);
            double vf = LossFactory.Create<float>(kind).Compute(
                TestData.ToFloat(outputs), TestData.ToFloat(targets), TestData.ToFloat(weights), 4, 3, gf);
            Assert.Equal(vd, vf, 5);
            for (int i = 0; i < 12; i++)
            {
                Assert.Equal(gd[i], gf[i], 5);
            }
        }
    }
}
