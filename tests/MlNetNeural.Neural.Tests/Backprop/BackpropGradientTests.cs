using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Backprop;

/// <summary>Whole-network gradients against finite differences for several shapes and every loss.</summary>
public class BackpropGradientTests
{
    public static TheoryData<int, int[], LossFunction> Cases()
    {
        var data = new TheoryData<int, int[], LossFunction>();
        int[][] shapes = [[1], [4, 1], [7, 3, 1], [8, 8, 8, 1], [1, 5, 1]];
        foreach (int[] shape in shapes)
        {
            data.Add(5, shape, LossFunction.BinaryCrossEntropy);
            data.Add(5, [.. shape[..^1], 4], LossFunction.SoftmaxCrossEntropy);
            data.Add(5, [.. shape[..^1], 2], LossFunction.MeanSquaredError);
        }

        data.Add(3, [6, 2], LossFunction.MeanAbsoluteError);
        data.Add(3, [6, 2], LossFunction.Huber);
        data.Add(3, [6, 2], LossFunction.LogCosh);
        data.Add(1, [2, 3, 2], LossFunction.Huber);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(int inputSize, int[] sizes, LossFunction lossFunction)
    {
        Activation[] activations = new Activation[sizes.Length];
        Activation[] hidden = [Activation.Tanh, Activation.Elu, Activation.Sigmoid, Activation.LeakyRelu];
        for (int l = 0; l < sizes.Length - 1; l++)
        {
            activations[l] = hidden[l % hidden.Length];
        }

        activations[^1] = Activation.Identity;
        var random = new Random((inputSize * 1000) + sizes.Sum() + (int)lossFunction);
        const int rows = 7;
        ParameterSet<double> p = TestData.Parameters(random, inputSize, sizes);
        double[] x = TestData.Uniform(random, rows * inputSize, -2, 2);
        double[] t = TestData.Targets(random, lossFunction, rows, sizes[^1]);
        double[] w = [0.25, 1, 0, 2.5, 1, 0, 0.75];
        var engine = new Backpropagation<double>(inputSize, sizes, activations, maxBatchSize: 10, LossFactory.Create<double>(lossFunction));
        ParameterSet<double> g = engine.CreateParameterSet();
        ParameterSet<double> scratch = engine.CreateParameterSet();
        double objective = engine.ComputeGradients(p, x, rows, t, w, g);

        Assert.True(double.IsFinite(objective));
        GradientCheck.AssertGradient(p, g, () => engine.ComputeGradients(p, x, rows, t, w, scratch));
    }

    [Fact]
    public void ReluNetworkGradientMatchesFiniteDifferences()
    {
        // ReLU is kinked at 0; with these seeds no pre-activation lies within the step of 0.
        Activations.ActivationGradientTests.Check(
            6, [10, 10, 3], [Activation.Relu, Activation.Relu, Activation.Identity], LossFunction.SoftmaxCrossEntropy, seed: 71);
    }
}
