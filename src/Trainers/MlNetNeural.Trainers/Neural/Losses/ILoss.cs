using System;
using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>
/// A batch loss: the weighted mean of per-example losses, and its gradient with respect to the
/// network outputs.
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
/// <remarks>
/// The value is Σᵢ wᵢ·Lᵢ / Σᵢ wᵢ over the rows i of the batch. An example with weight 0
/// contributes nothing at all: its gradient row is 0 and its outputs are not even read, so a
/// non-finite output in such a row cannot leak into the result. When Σᵢ wᵢ = 0 the value and
/// gradient are 0. Implementations hold no per-batch state and never allocate.
/// </remarks>
internal interface ILoss<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Which loss this is.</summary>
    LossFunction Kind { get; }

    /// <summary>Computes the weighted mean loss and, optionally, ∂loss/∂outputs.</summary>
    /// <param name="outputs">Network outputs, rows × <paramref name="width"/> row-major (logits for the cross-entropies).</param>
    /// <param name="targets">Targets in the same layout (0/1, one-hot, or real values).</param>
    /// <param name="exampleWeights">One non-negative finite weight per row, or empty for all ones.</param>
    /// <param name="rows">Number of examples.</param>
    /// <param name="width">Number of outputs per example.</param>
    /// <param name="gradient">Receives ∂loss/∂outputs (already divided by Σw), rows × <paramref name="width"/>;
    /// pass an empty span to compute the value only.</param>
    /// <returns>The weighted mean loss, accumulated in double.</returns>
    /// <exception cref="ArgumentException">A span length does not match the shape, or a weight is negative or not finite.</exception>
    double Compute(
        ReadOnlySpan<T> outputs,
        ReadOnlySpan<T> targets,
        ReadOnlySpan<T> exampleWeights,
        int rows,
        int width,
        Span<T> gradient);
}
