using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace MlNetNeural.Neural;

/// <summary>
/// Softmax of a vector of logits in the stable, max-shifted form.
/// </summary>
/// <remarks>
/// softmax(z)ⱼ = e^(zⱼ − m) / Σₖ e^(zₖ − m) with m = maxₖ zₖ. Shifting by the maximum keeps
/// every exponent ≤ 0, so no term overflows and the largest term is exactly 1, which keeps
/// the denominator ≥ 1. (The unshifted form overflows to ∞/∞ = NaN for logits above ~88 in
/// float32.)
/// </remarks>
internal static class Softmax
{
    /// <summary>Writes softmax(<paramref name="logits"/>) into <paramref name="probabilities"/>.</summary>
    /// <typeparam name="T">float at prediction time, double in tests.</typeparam>
    /// <param name="logits">The scores; must not be empty.</param>
    /// <param name="probabilities">Same length as <paramref name="logits"/>; may be the same span.</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    public static void Apply<T>(ReadOnlySpan<T> logits, Span<T> probabilities)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logits.IsEmpty || logits.Length != probabilities.Length)
        {
            throw new ArgumentException(
                $"Softmax needs equal, non-zero lengths; got {logits.Length} logits and {probabilities.Length} outputs.",
                nameof(probabilities));
        }

        T max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp<T>(probabilities, probabilities);
        T sum = TensorPrimitives.Sum<T>(probabilities);
        TensorPrimitives.Divide(probabilities, sum, probabilities);
    }
}
