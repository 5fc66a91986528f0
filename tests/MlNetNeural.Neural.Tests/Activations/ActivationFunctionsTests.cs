using MlNetNeural.Neural;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Activations;

public class ActivationFunctionsTests
{
    public static TheoryData<Activation> All => new()
    {
        Activation.Identity, Activation.Relu, Activation.LeakyRelu, Activation.Elu, Activation.Tanh, Activation.Sigmoid,
        Activation.Selu, Activation.Gelu, Activation.Silu, Activation.Mish,
    };

    private static readonly double[] Points = [-3.0, -0.7, -1e-3, 1e-3, 0.4, 2.5];

    // Independent reference definitions, written from the textbook formulas.
    private static double Reference(Activation activation, double z) => activation switch
    {
        Activation.Identity => z,
        Activation.Relu => z > 0 ? z : 0,
        Activation.LeakyRelu => z > 0 ? z : 0.01 * z,
        Activation.Elu => z > 0 ? z : Math.Exp(z) - 1,
        Activation.Tanh => Math.Tanh(z),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Selu => 1.0507009873554805 * (z > 0 ? z : 1.6732632423543772 * (Math.Exp(z) - 1)),
        Activation.Gelu => 0.5 * z * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (z + (0.044715 * z * z * z)))),
        Activation.Silu => z / (1 + Math.Exp(-z)),
        Activation.Mish => z * Math.Tanh(Math.Log(1 + Math.Exp(z))),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    private static double Apply(Activation activation, double z)
    {
        Span<double> v = [z];
        ActivationFunctions.Apply(activation, v);
        return v[0];
    }

    private static double Derivative(Activation activation, double z)
    {
        double[] a = [Apply(activation, z)];
        Span<double> delta = [1.0];
        ActivationFunctions.MultiplyByDerivative<double>(activation, [z], a, delta);
        return delta[0];
    }

    [Fact]
    public void EnumValuesAreThePersistedNumbers()
    {
        Assert.Equal(0, (int)Activation.Identity);
        Assert.Equal(1, (int)Activation.Relu);
        Assert.Equal(2, (int)Activation.LeakyRelu);
        Assert.Equal(3, (int)Activation.Elu);
        Assert.Equal(4, (int)Activation.Tanh);
        Assert.Equal(5, (int)Activation.Sigmoid);
        Assert.Equal(6, (int)Activation.Selu);
        Assert.Equal(7, (int)Activation.Gelu);
        Assert.Equal(8, (int)Activation.Silu);
        Assert.Equal(9, (int)Activation.Mish);
        Assert.Equal(0.01, ActivationFunctions.LeakyReluSlope);
        Assert.Equal(1.0, ActivationFunctions.EluAlpha);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void ForwardMatchesTheFormula(Activation activation)
    {
        foreach (double z in Points)
        {
            Assert.Equal(Reference(activation, z), Apply(activation, z), 1e-14);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void DerivativeFromOutputMatchesFiniteDifferences(Activation activation)
    {
        foreach (double z in Points)
        {
            double h = 1e-7;
            double numeric = (Reference(activation, z + h) - Reference(activation, z - h)) / (2 * h);
            GradientCheck.AssertClose(Derivative(activation, z), numeric, $"{activation} at {z}");
        }
    }

    [Theory]
    [InlineData(Activation.Relu, 0.0)]
    [InlineData(Activation.LeakyRelu, 0.01)]
    [InlineData(Activation.Elu, 1.0)]
    [InlineData(Activation.Tanh, 1.0)]
    [InlineData(Activation.Sigmoid, 0.25)]
    [InlineData(Activation.Selu, 1.0507009873554805 * 1.6732632423543772)]
    [InlineData(Activation.Gelu, 0.5)]
    [InlineData(Activation.Silu, 0.5)]
    [InlineData(Activation.Mish, 0.6)] // tanh(ln 2) = 3/5
    public void DerivativeAtZeroFollowsPyTorch(Activation activation, double expected)
    {
        Assert.Equal(expected, Derivative(activation, 0.0), 15);
    }

    [Fact]
    public void InPlaceOverLongSpansMatchesElementwise()
    {
        // Spans longer than one vector exercise TensorPrimitives' vector paths and their tails.
        var random = new Random(3);
        foreach (Activation activation in Enum.GetValues<Activation>())
        {
            for (int length = 0; length <= 37; length++)
            {
                double[] z = TestData.Uniform(random, length, -4, 4);
                double[] a = (double[])z.Clone();
                ActivationFunctions.Apply<double>(activation, a);
                for (int i = 0; i < length; i++)
                {
                    Assert.Equal(Reference(activation, z[i]), a[i], 1e-14);
                }
            }
        }
    }

    [Theory]
    [InlineData(-1000f, 0f)]
    [InlineData(-100f, 0f)]
    [InlineData(0f, 0.5f)]
    [InlineData(100f, 1f)]
    [InlineData(1000f, 1f)]
    public void SigmoidSaturatesWithoutNaNInFloat(float z, float expected)
    {
        Span<float> v = [z];
        ActivationFunctions.Apply(Activation.Sigmoid, v);
        Assert.True(float.IsFinite(v[0]));
        Assert.Equal(expected, v[0], 6);
    }

    [Theory]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.Silu)]
    [InlineData(Activation.Mish)]
    public void The_non_monotonic_functions_refuse_a_derivative_without_pre_activations_and_saturate_without_NaN(Activation activation)
    {
        var error = Assert.Throws<ArgumentException>(() => ActivationFunctions.MultiplyByDerivative<float>(activation, [1f], new float[1]));
        Assert.Contains("pre-activations", error.Message);
        Span<float> v = [-1000f, -90f, 90f, 1000f];
        ActivationFunctions.Apply(activation, v);
        Assert.Equal([0f, 0f, 90f, 1000f], v.ToArray().Select(x => Math.Abs(x) < 1e-30f ? 0f : x));
        float[] z = [-1000f, 1000f];
        Span<float> delta = [1f, 1f];
        ActivationFunctions.MultiplyByDerivative<float>(activation, z, new float[2], delta);
        Assert.Equal([0f, 1f], delta.ToArray().Select(x => Math.Abs(x) < 1e-30f ? 0f : x));
    }

    [Fact]
    public void TanhSaturatesInFloat()
    {
        Span<float> v = [-1000f, 1000f];
        ActivationFunctions.Apply(Activation.Tanh, v);
        Assert.Equal(-1f, v[0]);
        Assert.Equal(1f, v[1]);
    }

    [Fact]
    public void UnknownActivationIsRejected()
    {
        var bad = (Activation)42;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ActivationFunctions.Apply(bad, new double[1]));
        Assert.Contains("42", e.Message);
        Assert.False(ActivationFunctions.IsDefined(bad));
    }

    [Fact]
    public void DerivativeRejectsMismatchedLengths()
    {
        var e = Assert.Throws<ArgumentException>(
            () => ActivationFunctions.MultiplyByDerivative<double>(Activation.Tanh, new double[3], new double[2]));
        Assert.Equal("delta", e.ParamName);
    }
}
