using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace MlNetNeural.Neural;

/// <summary>
/// Every <see cref="Activation"/>'s forward function and its derivative, side by side.
/// </summary>
/// <remarks>
/// The monotonic functions' derivatives can be written in terms of the forward <em>output</em> a = f(z), so the
/// backward pass needs no pre-activation for them: ReLU and leaky ReLU test a &gt; 0 (equivalent to z &gt; 0 because
/// the negative slope is positive); ELU uses f'(z) = a + α for z ≤ 0, SELU λ·α·eᶻ = a + λ·α; tanh' = 1 − a²;
/// sigmoid' = a(1 − a). GELU, SiLU and Mish are not monotonic, so a does not determine z: their derivatives read the
/// pre-activations (<see cref="NeedsPreActivation"/>), which training then keeps for those layers.
/// At z = 0 the conventions follow PyTorch: ReLU' = 0, leaky ReLU' = slope, ELU' = 1, SELU' = λ·α.
/// </remarks>
internal static class ActivationFunctions
{
    /// <summary>Slope of <see cref="Activation.LeakyRelu"/> for negative inputs (PyTorch's default).</summary>
    public const double LeakyReluSlope = 0.01;

    /// <summary>α of <see cref="Activation.Elu"/>: the value approached as z → −∞ is −α (PyTorch's default).</summary>
    public const double EluAlpha = 1.0;

    /// <summary>α of <see cref="Activation.Selu"/> (PyTorch's constant).</summary>
    public const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>λ of <see cref="Activation.Selu"/> (PyTorch's constant).</summary>
    public const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>The coefficient of z³ in <see cref="Activation.Gelu"/>'s tanh form.</summary>
    public const double GeluCubic = 0.044715;

    /// <summary>Above this, softplus(z) is taken as z (PyTorch's threshold; the difference is below float precision).</summary>
    public const double SoftplusThreshold = 20;

    private const double GeluScale = 0.79788456080286535587989211986876; // √(2/π)

    /// <summary>Whether <paramref name="activation"/>'s derivative needs the pre-activation z, not only the output f(z).</summary>
    /// <param name="activation">A defined activation.</param>
    /// <returns><see langword="true"/> for GELU, SiLU and Mish.</returns>
    public static bool NeedsPreActivation(Activation activation) => activation is Activation.Gelu or Activation.Silu or Activation.Mish;

    /// <summary>Replaces each pre-activation z in <paramref name="values"/> with f(z).</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="activation">The function f.</param>
    /// <param name="values">Pre-activations on entry, activations on return.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined member.</exception>
    public static void Apply<T>(Activation activation, Span<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // TensorPrimitives rejects empty spans for some operations; an empty batch is no work.
        if (values.IsEmpty && IsDefined(activation))
        {
            return;
        }

        switch (activation)
        {
            case Activation.Identity:
                return;
            case Activation.Relu:
                TensorPrimitives.Max(values, T.Zero, values);
                return;
            case Activation.LeakyRelu:
                ActivationKernels.Map<ActivationKernels.LeakyRelu<T>, T>(values);
                return;
            case Activation.Elu:
                T alpha = T.CreateChecked(EluAlpha);
                foreach (ref T v in values)
                {
                    // ExpM1 keeps precision for small negative z, where eᶻ − 1 would cancel.
                    v = v > T.Zero ? v : alpha * T.ExpM1(v);
                }

                return;
            case Activation.Tanh:
                TensorPrimitives.Tanh<T>(values, values);
                return;
            case Activation.Sigmoid:
                // 1 / (1 + e⁻ᶻ) cannot produce NaN in IEEE arithmetic: for z → −∞ the exponential
                // overflows to +∞ and the quotient is exactly 0; for z → +∞ it is exactly 1.
                TensorPrimitives.Sigmoid<T>(values, values);
                return;
            case Activation.Selu:
                T scale = T.CreateChecked(SeluScale), scaledAlpha = T.CreateChecked(SeluScale * SeluAlpha);
                foreach (ref T v in values)
                {
                    v = v > T.Zero ? scale * v : scaledAlpha * T.ExpM1(v);
                }

                return;
            case Activation.Gelu:
            case Activation.Silu:
            case Activation.Mish:
                foreach (ref T v in values)
                {
                    v = Value(activation, v);
                }

                return;
            default:
                throw UnknownActivation(activation);
        }
    }

    // f(z) of the functions whose derivatives need z.
    private static T Value<T>(Activation activation, T z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateChecked(0.5);
        return activation switch
        {
            Activation.Gelu => half * z * (T.One + T.Tanh(T.CreateChecked(GeluScale) * (z + (T.CreateChecked(GeluCubic) * z * z * z)))),
            Activation.Silu => z / (T.One + T.Exp(-z)), // e⁻ᶻ → ∞ gives exactly 0, never NaN
            _ => z * T.Tanh(Softplus(z)),
        };
    }

    private static T Softplus<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        z > T.CreateChecked(SoftplusThreshold) ? z : T.LogP1(T.Exp(z));

    private static T Sigmoid<T>(T z)
        where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-z));

    // f'(z) of the functions whose derivatives need z.
    private static T Slope<T>(Activation activation, T z)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Gelu:
                T c = T.CreateChecked(GeluScale), k = T.CreateChecked(GeluCubic), half = T.CreateChecked(0.5);
                T t = T.Tanh(c * (z + (k * z * z * z)));
                return (half * (T.One + t)) + (half * z * (T.One - (t * t)) * c * (T.One + (T.CreateChecked(3) * k * z * z)));
            case Activation.Silu:
                T s = Sigmoid(z);
                return s * (T.One + (z * (T.One - s)));
            default:
                T tanh = T.Tanh(Softplus(z));
                return tanh + (z * (T.One - (tanh * tanh)) * Sigmoid(z));
        }
    }

    /// <summary>
    /// Multiplies each element of <paramref name="delta"/> by f'(z), computed from the forward
    /// output a = f(z) (see the remarks on <see cref="ActivationFunctions"/>). For an activation that
    /// <see cref="NeedsPreActivation"/>, use the overload that takes the pre-activations.
    /// </summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="activation">The function f whose derivative is applied.</param>
    /// <param name="output">The forward outputs a, same length as <paramref name="delta"/>.</param>
    /// <param name="delta">∂L/∂a on entry, ∂L/∂z on return.</param>
    /// <exception cref="ArgumentException">The spans differ in length, or <paramref name="activation"/> needs the pre-activations.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined member.</exception>
    public static void MultiplyByDerivative<T>(Activation activation, ReadOnlySpan<T> output, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Length != delta.Length)
        {
            throw new ArgumentException(
                $"The output has {output.Length} values but delta has {delta.Length}.", nameof(delta));
        }

        if (NeedsPreActivation(activation))
        {
            throw new ArgumentException($"The derivative of {activation} needs the pre-activations; pass them too.", nameof(activation));
        }

        // Vector loops doing the scalar operations lane by lane (see ActivationKernels): same bits.
        switch (activation)
        {
            case Activation.Identity:
                return;
            case Activation.Relu:
                ActivationKernels.Combine<ActivationKernels.ReluDerivative<T>, T>(output, delta);
                return;
            case Activation.LeakyRelu:
                ActivationKernels.Combine<ActivationKernels.LeakyReluDerivative<T>, T>(output, delta);
                return;
            case Activation.Elu:
                // For z ≤ 0, a = α(eᶻ − 1), so f'(z) = α·eᶻ = a + α.
                ActivationKernels.Combine<ActivationKernels.EluDerivative<T>, T>(output, delta);
                return;
            case Activation.Tanh:
                ActivationKernels.Combine<ActivationKernels.TanhDerivative<T>, T>(output, delta);
                return;
            case Activation.Sigmoid:
                ActivationKernels.Combine<ActivationKernels.SigmoidDerivative<T>, T>(output, delta);
                return;
            case Activation.Selu:
                // For z ≤ 0, a = λα(eᶻ − 1), so f'(z) = λα·eᶻ = a + λα; for z > 0 it is λ.
                T scale = T.CreateChecked(SeluScale), scaledAlpha = T.CreateChecked(SeluScale * SeluAlpha);
                for (int i = 0; i < delta.Length; i++)
                {
                    delta[i] *= output[i] > T.Zero ? scale : output[i] + scaledAlpha;
                }

                return;
            default:
                throw UnknownActivation(activation);
        }
    }

    /// <summary>
    /// Multiplies each element of <paramref name="delta"/> by f'(z), from the pre-activations z where the activation
    /// <see cref="NeedsPreActivation"/> and from the outputs a = f(z) otherwise.
    /// </summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="activation">The function f whose derivative is applied.</param>
    /// <param name="preActivation">The pre-activations z (read only where needed; may be empty otherwise).</param>
    /// <param name="output">The forward outputs a.</param>
    /// <param name="delta">∂L/∂a on entry, ∂L/∂z on return.</param>
    /// <exception cref="ArgumentException">A span's length differs from <paramref name="delta"/>'s.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined member.</exception>
    public static void MultiplyByDerivative<T>(Activation activation, ReadOnlySpan<T> preActivation, ReadOnlySpan<T> output, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!NeedsPreActivation(activation))
        {
            MultiplyByDerivative(activation, output, delta);
            return;
        }

        if (preActivation.Length != delta.Length)
        {
            throw new ArgumentException(
                $"The pre-activations have {preActivation.Length} values but delta has {delta.Length}.", nameof(preActivation));
        }

        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] *= Slope(activation, preActivation[i]);
        }
    }

    /// <summary>Whether <paramref name="activation"/> is a member this version knows.</summary>
    /// <param name="activation">The value to check, for example one read from a model file.</param>
    /// <returns><see langword="true"/> for the ten defined members.</returns>
    public static bool IsDefined(Activation activation) =>
        activation is >= Activation.Identity and <= Activation.Mish;

    private static ArgumentOutOfRangeException UnknownActivation(Activation activation) =>
        new(nameof(activation), activation, $"Unknown activation {(int)activation}.");
}
