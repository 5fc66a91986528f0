using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Network;

public class DenseNetworkTests
{
    private static readonly int[] Sizes = [9, 7, 3];
    private static readonly Activation[] Activations = [Activation.Relu, Activation.Sigmoid, Activation.Identity];

    private static (DenseNetwork Network, ParameterSet<double> Parameters) Make(int seed)
    {
        ParameterSet<double> p = TestData.Parameters(new Random(seed), 5, Sizes);
        return (p.ConvertTo<float>().ToDenseNetwork(Activations), p);
    }

    [Fact]
    public void ForwardEqualsForwardBatchRowByRow()
    {
        var (network, _) = Make(101);
        const int rows = 600; // more than one internal chunk
        float[] x = TestData.ToFloat(TestData.Uniform(new Random(1), rows * 5, -3, 3));
        var batch = new float[rows * 3];
        network.ForwardBatch(x, rows, batch);

        var single = new float[3];
        var scratch = new float[network.ScratchSize];
        for (int r = 0; r < rows; r++)
        {
            network.Forward(x.AsSpan(r * 5, 5), single, scratch);
            Assert.Equal(batch.AsSpan(r * 3, 3).ToArray(), single);
        }
    }

    [Fact]
    public void SingleRowForwardGivesTheTrainingForwardPassBits()
    {
        // Prediction (one row at a time) and training (GEMM over a batch) sum in the same order, so a
        // trained model scores its own training rows exactly as the last forward pass saw them.
        var (network, p) = Make(104);
        const int rows = 40;
        float[] x = TestData.ToFloat(TestData.Uniform(new Random(4), rows * 5, -3, 3));
        var engine = new Backpropagation<float>(5, Sizes, Activations, rows, new SoftmaxCrossEntropyLoss<float>());
        var training = new float[rows * 3];
        engine.Forward(p.ConvertTo<float>(), x, rows, training);

        var single = new float[3];
        var scratch = new float[network.ScratchSize];
        for (int r = 0; r < rows; r++)
        {
            network.Forward(x.AsSpan(r * 5, 5), single, scratch);
            Assert.Equal(training.AsSpan(r * 3, 3).ToArray(), single);
        }
    }

    [Fact]
    public void FloatForwardMatchesDoubleTrainingForward()
    {
        var (network, p) = Make(102);
        const int rows = 50;
        double[] x = TestData.Uniform(new Random(2), rows * 5, -3, 3);
        var engine = new Backpropagation<double>(5, Sizes, Activations, 16, new SoftmaxCrossEntropyLoss<double>());
        var expected = new double[rows * 3];
        engine.Forward(p, x, rows, expected);

        // The float network holds the double weights rounded to float.
        var actual = new float[rows * 3];
        network.ForwardBatch(TestData.ToFloat(x), rows, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"Output {i}: {expected[i]} vs {actual[i]}.");
        }
    }

    [Fact]
    public void ForwardDoesNotAllocate()
    {
        var (network, _) = Make(103);
        var x = new float[5];
        var y = new float[3];
        var scratch = new float[network.ScratchSize];
        network.Forward(x, y, scratch);
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                network.Forward(x, y, scratch);
            }
        }));
    }

    [Fact]
    public void ShapeAndScratchSizeAreReported()
    {
        var (network, _) = Make(104);
        Assert.Equal(5, network.InputSize);
        Assert.Equal(3, network.OutputSize);
        Assert.Equal(3, network.LayerCount);
        Assert.Equal(Sizes, network.LayerSizes);
        Assert.Equal(Activations, network.Activations);
        Assert.Equal(2 * 9, network.ScratchSize);
        Assert.Equal(9, network.LayerInputSize(1));
        Assert.Equal(9 * 5, network.Weights[0].Length);
        Assert.Equal(0, new DenseNetwork(2, [1], [Activation.Identity], [[1f, 2f]], [[0f]]).ScratchSize);
    }

    [Fact]
    public void CloneIsEqualAndIndependentOfTheConstructorArrays()
    {
        float[] w = [1f, 2f];
        var network = new DenseNetwork(2, [1], [Activation.Identity], [w], [[0.5f]]);
        w[0] = 100f; // the constructor copied
        DenseNetwork clone = network.Clone();
        var y = new float[1];
        clone.Forward([1f, 1f], y, default);
        Assert.Equal(3.5f, y[0]);
        Assert.NotSame(network, clone);
        Assert.Equal(network.Weights[0].ToArray(), clone.Weights[0].ToArray());
    }

    [Fact]
    public void ParameterSetRoundTrip()
    {
        var (network, p) = Make(105);
        ParameterSet<float> back = network.ToParameterSet();
        ParameterSet<float> original = p.ConvertTo<float>();
        for (int i = 0; i < original.ArrayCount; i++)
        {
            Assert.Equal(original.GetArray(i).Values, back.GetArray(i).Values);
        }
    }

    [Fact]
    public void SpanLengthsAreChecked()
    {
        var (network, _) = Make(106);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => network.Forward(new float[4], new float[3], new float[18])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => network.Forward(new float[5], new float[2], new float[18])).ParamName);
        Assert.Equal("scratch", Assert.Throws<ArgumentException>(() => network.Forward(new float[5], new float[3], new float[17])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => network.ForwardBatch(new float[9], 2, new float[6])).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => network.ForwardBatch(new float[10], 2, new float[5])).ParamName);
    }
}
