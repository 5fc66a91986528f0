using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Activations;

/// <summary>Each activation as a hidden layer, checked against finite differences of the whole objective.</summary>
public class ActivationGradientTests
{
    [Theory]
    [MemberData(nameof(ActivationFunctionsTests.All), MemberType = typeof(ActivationFunctionsTests))]
    public void SingleHiddenLayer(Activation activation)
    {
        Check(3, [5, 2], [activation, Activation.Identity], LossFunction.MeanSquaredError, seed: 11);
    }

    [Theory]
    [MemberData(nameof(ActivationFunctionsTests.All), MemberType = typeof(ActivationFunctionsTests))]
    public void TwoHiddenLayersUnderCrossEntropy(Activation activation)
    {
        Check(4, [6, 3, 3], [activation, activation, Activation.Identity], LossFunction.SoftmaxCrossEntropy, seed: 12);
    }

    [Fact]
    public void MixedActivationsWithPreActivationDerivatives()
    {
        // GELU, SiLU and Mish keep their layers' pre-activations; SELU's derivative reads the outputs.
        Check(3, [5, 4, 4, 4, 2], [Activation.Gelu, Activation.Selu, Activation.Silu, Activation.Mish, Activation.Identity],
            LossFunction.SoftmaxCrossEntropy, seed: 14);
    }

    [Fact]
    public void MixedActivationsAndNonIdentityOutput()
    {
        // A sigmoid output under MSE exercises the derivative of the last layer too.
        Check(
            3,
            [4, 4, 4, 4, 2],
            [Activation.Elu, Activation.LeakyRelu, Activation.Tanh, Activation.Relu, Activation.Sigmoid],
            LossFunction.MeanSquaredError,
            seed: 13);
    }

    internal static void Check(int inputSize, int[] sizes, Activation[] activations, LossFunction lossFunction, int seed)
    {
        var random = new Random(seed);
        const int rows = 5;
        ParameterSet<double> p = TestData.Parameters(random, inputSize, sizes);
        double[] x = TestData.Uniform(random, rows * inputSize, -2, 2);
        double[] t = TestData.Targets(random, lossFunction, rows, sizes[^1]);
        double[] w = [1.0, 0.5, 2.0, 0.0, 1.5];
        var engine = new Backpropagation<double>(inputSize, sizes, activations, rows, LossFactory.Create<double>(lossFunction));
        ParameterSet<double> g = engine.CreateParameterSet();
        ParameterSet<double> scratch = engine.CreateParameterSet();

        engine.ComputeGradients(p, x, rows, t, w, g);
        GradientCheck.AssertGradient(p, g, () => engine.ComputeGradients(p, x, rows, t, w, scratch));
    }
}
