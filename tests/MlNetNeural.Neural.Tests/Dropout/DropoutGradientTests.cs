using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Dropout;

public class DropoutGradientTests
{
    private const int Rows = 6;
    private static readonly int[] Sizes = [6, 5, 2];
    private static readonly Activation[] Activations = [Activation.Tanh, Activation.Elu, Activation.Identity];

    private static (Backpropagation<double> Engine, ParameterSet<double> P, double[] X, double[] T, double[] W) Setup(int seed)
    {
        var random = new Random(seed);
        var engine = new Backpropagation<double>(3, Sizes, Activations, Rows, new MeanSquaredErrorLoss<double>());
        return (engine, TestData.Parameters(random, 3, Sizes), TestData.Uniform(random, Rows * 3, -2, 2),
            TestData.Uniform(random, Rows * 2), [1, 0.5, 2, 0, 1, 3]);
    }

    [Fact]
    public void GradientWithFixedMasksMatchesFiniteDifferences()
    {
        var (engine, p, x, t, w) = Setup(61);
        var masks = new DropoutMasks<double>([6, 5], [0.5, 0.25], Rows);
        masks.Fill(new Random(7), Rows);
        ParameterSet<double> g = engine.CreateParameterSet();
        ParameterSet<double> scratch = engine.CreateParameterSet();
        engine.ComputeGradients(p, x, Rows, t, w, g, masks);

        GradientCheck.AssertGradient(p, g, () => engine.ComputeGradients(p, x, Rows, t, w, scratch, masks));
    }

    [Fact]
    public void UnitDroppedInEveryRowGetsNoGradientForItsIncomingWeights()
    {
        var (engine, p, x, t, w) = Setup(62);
        var masks = new DropoutMasks<double>([6, 5], 0.5, Rows);
        masks.Reset(Rows);
        Span<double> m0 = masks.GetMask(0);
        for (int r = 0; r < Rows; r++)
        {
            m0[(r * 6) + 2] = 0; // unit 2 of hidden layer 0 dropped everywhere
            m0[(r * 6) + 4] = 2; // unit 4 kept and scaled
        }

        ParameterSet<double> g = engine.CreateParameterSet();
        engine.ComputeGradients(p, x, Rows, t, w, g, masks);

        Assert.All(g.Weights[0].AsSpan(2 * 3, 3).ToArray(), v => Assert.Equal(0, v));
        Assert.Equal(0, g.Biases[0][2]);
        for (int o = 0; o < 5; o++)
        {
            Assert.Equal(0, g.Weights[1][(o * 6) + 2]); // it fed nothing forward either
        }

        Assert.NotEqual(0, g.Weights[0][(4 * 3) + 1]);
    }

    [Fact]
    public void AllOnesMasksEqualNoDropout()
    {
        var (engine, p, x, t, w) = Setup(63);
        var masks = new DropoutMasks<double>([6, 5], 0.5, Rows);
        masks.Reset(Rows);
        ParameterSet<double> with = engine.CreateParameterSet();
        ParameterSet<double> without = engine.CreateParameterSet();
        double a = engine.ComputeGradients(p, x, Rows, t, w, with, masks);
        double b = engine.ComputeGradients(p, x, Rows, t, w, without);

        Assert.Equal(b, a);
        for (int i = 0; i < with.ArrayCount; i++)
        {
            Assert.Equal(without.GetArray(i).Values, with.GetArray(i).Values);
        }
    }

    [Fact]
    public void MasksMustMatchTheBatch()
    {
        var (engine, p, x, t, w) = Setup(64);
        ParameterSet<double> g = engine.CreateParameterSet();
        var wrongRows = new DropoutMasks<double>([6, 5], 0.5, Rows);
        wrongRows.Fill(new Random(0), Rows - 1);
        Assert.Contains("rows", Assert.Throws<ArgumentException>(() => engine.ComputeGradients(p, x, Rows, t, w, g, wrongRows)).Message);
        var wrongLayers = new DropoutMasks<double>([6], 0.5, Rows);
        wrongLayers.Fill(new Random(0), Rows);
        Assert.Equal("dropout", Assert.Throws<ArgumentException>(() => engine.ComputeGradients(p, x, Rows, t, w, g, wrongLayers)).ParamName);
        var wrongWidth = new DropoutMasks<double>([6, 4], 0.5, Rows);
        wrongWidth.Fill(new Random(0), Rows);
        Assert.Contains("hidden layer 1", Assert.Throws<ArgumentException>(() => engine.ComputeGradients(p, x, Rows, t, w, g, wrongWidth)).Message);
    }
}
