using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Regularization;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Regularization;

public class RegularizerTests
{
    // A 2 → 2 → 1 shape with hand-picked values; biases are large to show they are not penalized.
    private static ParameterSet<double> Small() => new(
        2,
        [2, 1],
        [[1.0, -2.0, 0.0, 3.0], [-0.5, 0.5]],
        [[100.0, -100.0], [50.0]]);

    [Fact]
    public void ValueIsL1AbsPlusHalfL2SquaresOverWeightsOnly()
    {
        // Σ|W| = 1 + 2 + 0 + 3 + 0.5 + 0.5 = 7; ΣW² = 1 + 4 + 0 + 9 + 0.25 + 0.25 = 14.5.
        Assert.Equal(0.1 * 7, new Regularizer(0.1, 0).Value(Small()), 14);
        Assert.Equal(0.5 * 0.2 * 14.5, new Regularizer(0, 0.2).Value(Small()), 14);
        Assert.Equal((0.1 * 7) + (0.5 * 0.2 * 14.5), new Regularizer(0.1, 0.2).Value(Small()), 14);
        Assert.Equal(0, Regularizer.None.Value(Small()));
    }

    [Fact]
    public void GradientIsL1SignPlusL2WeightAndLeavesBiasesAlone()
    {
        ParameterSet<double> p = Small();
        ParameterSet<double> g = p.Clone();
        g.Clear();
        g.Biases[0][0] = 9;
        double value = new Regularizer(0.1, 0.2).AddGradient(p, g);

        Assert.Equal((0.1 * 7) + (0.5 * 0.2 * 14.5), value, 14);
        // w = 1 → 0.1 + 0.2; w = −2 → −0.1 − 0.4; w = 0 → 0 (sign(0) = 0); w = 3 → 0.1 + 0.6.
        double[] expected = [0.3, -0.5, 0.0, 0.7];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], g.Weights[0][i], 14);
        }

        Assert.Equal(-0.1 - 0.1, g.Weights[1][0], 14);
        Assert.Equal([9.0, 0.0], g.Biases[0]);
        Assert.Equal([0.0], g.Biases[1]);
    }

    [Theory]
    [InlineData(0.0, 0.3)]
    [InlineData(0.05, 0.0)]
    [InlineData(0.05, 0.3)]
    public void ObjectiveGradientIncludingPenaltyMatchesFiniteDifferences(double l1, double l2)
    {
        var random = new Random(51);
        int[] sizes = [4, 3];
        const int rows = 6;
        ParameterSet<double> p = TestData.Parameters(random, 3, sizes);
        // L1 is not differentiable at 0: keep every weight at least 0.05 away from it.
        foreach (double[] w in p.Weights)
        {
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = Math.Abs(w[i]) < 0.05 ? 0.05 * Math.Sign(w[i] + 1e-12) + w[i] : w[i];
            }
        }

        double[] x = TestData.Uniform(random, rows * 3);
        double[] t = TestData.OneHot(random, rows, 3);
        double[] weights = [1, 2, 0, 0.5, 1, 1];
        var engine = new Backpropagation<double>(
            3, sizes, [Activation.Tanh, Activation.Identity], rows,
            new SoftmaxCrossEntropyLoss<double>(), new Regularizer(l1, l2));
        ParameterSet<double> g = engine.CreateParameterSet();
        ParameterSet<double> scratch = engine.CreateParameterSet();
        double objective = engine.ComputeGradients(p, x, rows, t, weights, g);

        Assert.Equal(engine.LastDataLoss + new Regularizer(l1, l2).Value(p), objective, 14);
        Assert.True(engine.LastPenalty > 0);
        GradientCheck.AssertGradient(p, g, () => engine.ComputeGradients(p, x, rows, t, weights, scratch));
    }

    [Theory]
    [InlineData(-0.1, 0)]
    [InlineData(0, -1)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    public void InvalidCoefficientsAreRejected(double l1, double l2)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Regularizer(l1, l2));
        Assert.Equal(l1 != 0 ? "l1" : "l2", e.ParamName);
    }
}
