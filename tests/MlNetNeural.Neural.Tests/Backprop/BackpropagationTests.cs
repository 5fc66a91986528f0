using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Regularization;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Backprop;

public class BackpropagationTests
{
    [Fact]
    public void ComputeGradientsDoesNotAllocateOnceWarm()
    {
        const int rows = 32;
        var random = new Random(91);
        int[] sizes = [16, 8, 3];
        var engine = new Backpropagation<float>(
            10, sizes, [Activation.Relu, Activation.Tanh, Activation.Identity], rows,
            new SoftmaxCrossEntropyLoss<float>(), new Regularizer(1e-4, 1e-3));
        ParameterSet<float> p = TestData.Parameters(random, 10, sizes).ConvertTo<float>();
        ParameterSet<float> g = engine.CreateParameterSet();
        float[] x = TestData.ToFloat(TestData.Uniform(random, rows * 10));
        float[] t = TestData.ToFloat(TestData.OneHot(random, rows, 3));
        float[] w = TestData.ToFloat(TestData.Uniform(random, rows, 0, 1));
        var masks = new DropoutMasks<float>([16, 8], 0.2, rows);
        masks.Fill(random, rows);

        engine.ComputeGradients(p, x, rows, t, w, g, masks);
        engine.EvaluateLoss(p, x, rows, t, w);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            engine.ComputeGradients(p, x, rows, t, w, g, masks);
            engine.ComputeGradients(p, x.AsSpan(0, (rows - 5) * 10), rows - 5, t.AsSpan(0, (rows - 5) * 3), w.AsSpan(0, rows - 5), g);
            engine.EvaluateLoss(p, x, rows, t, w);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ForwardMatchesANaiveImplementation()
    {
        var random = new Random(92);
        int[] sizes = [3, 2];
        ParameterSet<double> p = TestData.Parameters(random, 2, sizes);
        double[] x = TestData.Uniform(random, 4 * 2);
        var engine = new Backpropagation<double>(2, sizes, [Activation.Tanh, Activation.Identity], 3, new MeanSquaredErrorLoss<double>());
        var outputs = new double[4 * 2];
        engine.Forward(p, x, 4, outputs); // 4 rows through a 3-row engine: chunked

        for (int r = 0; r < 4; r++)
        {
            var h = new double[3];
            for (int j = 0; j < 3; j++)
            {
                h[j] = Math.Tanh((p.Weights[0][j * 2] * x[r * 2]) + (p.Weights[0][(j * 2) + 1] * x[(r * 2) + 1]) + p.Biases[0][j]);
            }

            for (int o = 0; o < 2; o++)
            {
                double z = p.Biases[1][o];
                for (int j = 0; j < 3; j++)
                {
                    z += p.Weights[1][(o * 3) + j] * h[j];
                }

                Assert.Equal(z, outputs[(r * 2) + o], 14);
            }
        }
    }

    [Fact]
    public void GradientsAreOverwrittenNotAccumulated()
    {
        var random = new Random(93);
        int[] sizes = [4, 1];
        var engine = new Backpropagation<double>(3, sizes, [Activation.Elu, Activation.Identity], 5, new BinaryCrossEntropyLoss<double>());
        ParameterSet<double> p = TestData.Parameters(random, 3, sizes);
        double[] x = TestData.Uniform(random, 15);
        double[] t = [1, 0, 1, 1, 0];
        ParameterSet<double> once = engine.CreateParameterSet();
        ParameterSet<double> twice = engine.CreateParameterSet();
        engine.ComputeGradients(p, x, 5, t, [], once);
        engine.ComputeGradients(p, x, 5, t, [], twice);
        engine.ComputeGradients(p, x, 5, t, [], twice);
        for (int i = 0; i < once.ArrayCount; i++)
        {
            Assert.Equal(once.GetArray(i).Values, twice.GetArray(i).Values);
        }
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirNames()
    {
        int[] sizes = [4, 2];
        var engine = new Backpropagation<double>(3, sizes, [Activation.Tanh, Activation.Identity], 5, new MeanSquaredErrorLoss<double>());
        ParameterSet<double> p = engine.CreateParameterSet();
        ParameterSet<double> g = engine.CreateParameterSet();
        var wrongShape = new ParameterSet<double>(3, [5, 2]);

        Assert.Throws<ArgumentOutOfRangeException>(() => engine.ComputeGradients(p, new double[18], 6, new double[12], [], g));
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => engine.ComputeGradients(p, new double[14], 5, new double[10], [], g)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => engine.ComputeGradients(p, new double[15], 5, new double[9], [], g)).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => engine.ComputeGradients(wrongShape, new double[15], 5, new double[10], [], g)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => engine.ComputeGradients(p, new double[15], 5, new double[10], [], wrongShape)).ParamName);
        Assert.Contains("Layer 1", Assert.Throws<ArgumentException>(
            () => new Backpropagation<double>(3, [4, 0], [Activation.Tanh, Activation.Identity], 5, new MeanSquaredErrorLoss<double>())).Message);
        Assert.Contains("Layer 0", Assert.Throws<ArgumentException>(
            () => new Backpropagation<double>(3, [4, 2], [(Activation)19, Activation.Identity], 5, new MeanSquaredErrorLoss<double>())).Message);
    }
}
