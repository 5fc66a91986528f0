using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace MlNetNeural.Neural;

/// <summary>
/// Every <see cref="Activation"/>'s forward function and its derivative, side by side.
/// </summary>
/// <remarks>
/// All six derivatives can be written in terms of the forward <em>output</em> a = f(z), so the
/// backward pass never needs the pre-activation z and training stores one buffer per layer:
/// ReLU and leaky ReLU test a &gt; 0 (equivalent to z &gt; 0 because the negative slope is
/// positive); ELU uses f'(z) = a + α for z ≤ 0; tanh' = 1 − a²; sigmoid' = a(1 − a).
/// At z = 0 the conventions follow PyTorch: ReLU' = 0, leaky ReLU' = slope, ELU' = 1.
/// </remarks>
public static class ActivationFunctions
{
    /// <summary>Slope of <see cref="Activation.LeakyRelu"/> for negative inputs (PyTorch's default).</summary>
    public const double LeakyReluSlope = 0.01;

    /// <summary>α of <see cref="Activation.Elu"/>: the value approached as z → −∞ is −α (PyTorch's default).</summary>
    public const double EluAlpha = 1.0;

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
            default:
                throw UnknownActivation(activation);
        }
    }

    /// <summary>
    /// Multiplies each element of <paramref name="delta"/> by f'(z), computed from the forward
    /// output a = f(z) (see the remarks on <see cref="ActivationFunctions"/>).
    /// </summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="activation">The function f whose derivative is applied.</param>
    /// <param name="output">The forward outputs a, same length as <paramref name="delta"/>.</param>
    /// <param name="delta">∂L/∂a on entry, ∂L/∂z on return.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined member.</exception>
    public static void MultiplyByDerivative<T>(Activation activation, ReadOnlySpan<T> output, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Length != delta.Length)
        {
            throw new ArgumentException(
                $"The output has {output.Length} values but delta has {delta.Length}.", nameof(delta));
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
            default:
                throw UnknownActivation(activation);
        }
    }

    /// <summary>Whether <paramref name="activation"/> is a member this version knows.</summary>
    /// <param name="activation">The value to check, for example one read from a model file.</param>
    /// <returns><see langword="true"/> for the six defined members.</returns>
    public static bool IsDefined(Activation activation) =>
        activation is >= Activation.Identity and <= Activation.Sigmoid;

    private static ArgumentOutOfRangeException UnknownActivation(Activation activation) =>
        new(nameof(activation), activation, $"Unknown activation {(int)activation}.");
}
