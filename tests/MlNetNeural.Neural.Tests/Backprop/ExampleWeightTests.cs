using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Regularization;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Backprop;

public class ExampleWeightTests
{
    private static readonly int[] Sizes = [5, 3];
    private static readonly Activation[] Activations = [Activation.Tanh, Activation.Identity];

    private static Backpropagation<double> Engine(int maxRows) =>
        new(4, Sizes, Activations, maxRows, new SoftmaxCrossEntropyLoss<double>(), new Regularizer(0.01, 0.02));

    [Fact]
    public void ZeroWeightGradientEqualsGradientWithTheRowRemoved()
    {
        var random = new Random(81);
        ParameterSet<double> p = TestData.Parameters(random, 4, Sizes);
        double[] x = TestData.Uniform(random, 5 * 4);
        double[] t = TestData.OneHot(random, 5, 3);
        double[] w = [1, 2, 0, 0.5, 1];

        Backpropagation<double> engine = Engine(5);
        ParameterSet<double> g = engine.CreateParameterSet();
        double full = engine.ComputeGradients(p, x, 5, t, w, g);

        double[] xKept = [.. x[..8], .. x[12..]];
        double[] tKept = [.. t[..6], .. t[9..]];
        ParameterSet<double> gKept = engine.CreateParameterSet();
        double kept = engine.ComputeGradients(p, xKept, 4, tKept, [1, 2, 0.5, 1], gKept);

        Assert.Equal(kept, full, 14);
        AssertSame(gKept, g, 1e-14);
    }

    [Fact]
    public void WeightTwoEqualsTheRowRepeated()
    {
        var random = new Random(82);
        ParameterSet<double> p = TestData.Parameters(random, 4, Sizes);
        double[] x = TestData.Uniform(random, 3 * 4);
        double[] t = TestData.OneHot(random, 3, 3);

        Backpropagation<double> engine = Engine(4);
        ParameterSet<double> weighted = engine.CreateParameterSet();
        double a = engine.ComputeGradients(p, x, 3, t, [1, 2, 1], weighted);

        double[] xRepeated = [.. x, .. x[4..8]];
        double[] tRepeated = [.. t, .. t[3..6]];
        ParameterSet<double> repeated = engine.CreateParameterSet();
        double b = engine.ComputeGradients(p, xRepeated, 4, tRepeated, [], repeated);

        Assert.Equal(b, a, 14);
        AssertSame(repeated, weighted, 1e-14);
    }

    [Fact]
    public void EvaluateLossInChunksEqualsOneBatch()
    {
        var random = new Random(83);
        ParameterSet<double> p = TestData.Parameters(random, 4, Sizes);
        const int rows = 23;
        double[] x = TestData.Uniform(random, rows * 4);
        double[] t = TestData.OneHot(random, rows, 3);
        double[] w = TestData.Uniform(random, rows, 0, 2);
        w[5] = 0;

        double whole = Engine(rows).EvaluateLoss(p, x, rows, t, w);
        double chunked = Engine(4).EvaluateLoss(p, x, rows, t, w);
        double unweightedWhole = Engine(rows).EvaluateLoss(p, x, rows, t, []);
        double unweightedChunked = Engine(5).EvaluateLoss(p, x, rows, t, []);

        Assert.Equal(whole, chunked, 12);
        Assert.Equal(unweightedWhole, unweightedChunked, 12);
        Assert.NotEqual(whole, unweightedWhole, 6);

        // Evaluation is the data loss alone: the penalty is excluded.
        Backpropagation<double> engine = Engine(rows);
        engine.ComputeGradients(p, x, rows, t, w, engine.CreateParameterSet());
        Assert.Equal(engine.LastDataLoss, whole, 14);
        Assert.True(engine.LastPenalty > 0);
    }

    private static void AssertSame(ParameterSet<double> expected, ParameterSet<double> actual, double tolerance)
    {
        for (int i = 0; i < expected.ArrayCount; i++)
        {
            double[] e = expected.GetArray(i).Values;
            double[] a = actual.GetArray(i).Values;
            for (int j = 0; j < e.Length; j++)
            {
                Assert.True(Math.Abs(e[j] - a[j]) <= tolerance * (1 + Math.Abs(e[j])), $"array {i} index {j}: {e[j]} vs {a[j]}");
            }
        }
    }
}
