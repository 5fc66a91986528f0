using MlNetNeural.Neural;
using Xunit;

namespace MlNetNeural.Neural.Tests.Network;

/// <summary>Each malformed network is refused, and the message names the culprit.</summary>
public class DenseNetworkValidationTests
{
    // A valid 2 → 3 → 1 network to corrupt one piece at a time.
    private static int[] Sizes() => [3, 1];

    private static Activation[] Acts() => [Activation.Tanh, Activation.Identity];

    private static float[][] W() => [new float[6], new float[3]];

    private static float[][] B() => [new float[3], new float[1]];

    private static void AssertRejected(Func<DenseNetwork> create, string paramName, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => create());
        Assert.Equal(paramName, e.ParamName);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, e.Message);
        }
    }

    [Fact]
    public void TheValidNetworkIsAccepted() => Assert.Equal(1, new DenseNetwork(2, Sizes(), Acts(), W(), B()).OutputSize);

    [Fact]
    public void WrongWeightLengthNamesTheLayer()
    {
        float[][] w = W();
        w[1] = new float[4];
        AssertRejected(() => new DenseNetwork(2, Sizes(), Acts(), w, B()), "weights", "layer 1", "3", "4");
    }

    [Fact]
    public void WrongBiasLengthNamesTheLayer()
    {
        float[][] b = B();
        b[0] = new float[2];
        AssertRejected(() => new DenseNetwork(2, Sizes(), Acts(), W(), b), "biases", "layer 0");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteWeightNamesTheLayerAndIndex(float bad)
    {
        float[][] w = W();
        w[1][2] = bad;
        AssertRejected(() => new DenseNetwork(2, Sizes(), Acts(), w, B()), "weights", "layer 1", "index 2");
    }

    [Fact]
    public void NonFiniteBiasNamesTheLayer()
    {
        float[][] b = B();
        b[0][1] = float.NaN;
        AssertRejected(() => new DenseNetwork(2, Sizes(), Acts(), W(), b), "biases", "layer 0");
    }

    [Fact]
    public void NullArrayNamesTheLayer()
    {
        float[][] w = W();
        w[0] = null!;
        AssertRejected(() => new DenseNetwork(2, Sizes(), Acts(), w, B()), "weights", "layer 0");
    }

    [Fact]
    public void BadSizesAndCountsAreNamed()
    {
        AssertRejected(() => new DenseNetwork(0, Sizes(), Acts(), W(), B()), "inputSize");
        AssertRejected(() => new DenseNetwork(2, [], [], [], []), "layerSizes");
        AssertRejected(() => new DenseNetwork(2, [3, 0], Acts(), W(), B()), "layerSizes", "Layer 1");
        AssertRejected(() => new DenseNetwork(2, Sizes(), [Activation.Tanh], W(), B()), "activations", "2 layers");
        AssertRejected(() => new DenseNetwork(2, Sizes(), Acts(), [new float[6]], B()), "weights");
        AssertRejected(() => new DenseNetwork(2, Sizes(), Acts(), W(), [new float[3]]), "biases");
        AssertRejected(() => new DenseNetwork(2, Sizes(), [Activation.Tanh, (Activation)16], W(), B()), "activations", "Layer 1", "16");
    }
}
