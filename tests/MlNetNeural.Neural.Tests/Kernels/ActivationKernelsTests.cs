using MlNetNeural.Neural;
using Xunit;

namespace MlNetNeural.Neural.Tests.Kernels;

/// <summary>
/// The vectorized activation loops at every length 0–256 (the derivatives of all six, the forward
/// functions not taken from TensorPrimitives): each element gets exactly the bits the scalar form gives it alone (a one-element span never reaches the vector body), special values
/// included, and the derivative may run in place (output and delta the same span).
/// </summary>
public class ActivationKernelsTests
{
    public static TheoryData<Activation> All => new()
    {
        Activation.Identity, Activation.Relu, Activation.LeakyRelu, Activation.Elu, Activation.Tanh, Activation.Sigmoid,
    };

    [Theory]
    [MemberData(nameof(All))]
    public void FloatLoopsEqualTheScalarFormAtEveryLength(Activation activation) => CheckEveryLength<float>(activation);

    [Theory]
    [MemberData(nameof(All))]
    public void DoubleLoopsEqualTheScalarFormAtEveryLength(Activation activation) => CheckEveryLength<double>(activation);

    private static void CheckEveryLength<T>(Activation activation)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random((int)activation);
        T[] specials = [T.Zero, -T.Zero, T.NaN, T.PositiveInfinity, T.NegativeInfinity, T.Epsilon, -T.Epsilon];
        for (int length = 0; length <= 256; length++)
        {
            var z = new T[length];
            var delta = new T[length];
            for (int i = 0; i < length; i++)
            {
                z[i] = i % 13 == 5 ? specials[i % specials.Length] : T.CreateChecked((random.NextDouble() * 8) - 4);
                delta[i] = i % 17 == 3 ? specials[(i + 2) % specials.Length] : T.CreateChecked((random.NextDouble() * 2) - 1);
            }

            var output = (T[])z.Clone();
            ActivationFunctions.Apply<T>(activation, output);
            var product = (T[])delta.Clone();
            ActivationFunctions.MultiplyByDerivative<T>(activation, output, product);
            var inPlace = (T[])output.Clone();
            ActivationFunctions.MultiplyByDerivative<T>(activation, inPlace, inPlace);

            for (int i = 0; i < length; i++)
            {
                T[] one = [z[i]];
                ActivationFunctions.Apply<T>(activation, one);
                // tanh and sigmoid come from TensorPrimitives, whose vector and scalar forms may differ in the last bit.
                bool ownLoop = activation is not (Activation.Tanh or Activation.Sigmoid);
                Assert.True(!ownLoop || SameBits(one[0], output[i]), $"{activation} length {length}: f({z[i]}) = {output[i]}, alone {one[0]}.");
                T[] d = [delta[i]];
                ActivationFunctions.MultiplyByDerivative<T>(activation, [output[i]], d);
                Assert.True(SameBits(d[0], product[i]), $"{activation} length {length}: derivative at {i} is {product[i]}, alone {d[0]}.");
                T[] self = [output[i]];
                ActivationFunctions.MultiplyByDerivative<T>(activation, [output[i]], self);
                Assert.True(SameBits(self[0], inPlace[i]), $"{activation} length {length}: in-place derivative at {i} is {inPlace[i]}, alone {self[0]}.");
            }
        }
    }

    private static bool SameBits<T>(T x, T y)
        where T : unmanaged => typeof(T) == typeof(float)
        ? BitConverter.SingleToInt32Bits((float)(object)x) == BitConverter.SingleToInt32Bits((float)(object)y)
        : BitConverter.DoubleToInt64Bits((double)(object)x) == BitConverter.DoubleToInt64Bits((double)(object)y);
}
