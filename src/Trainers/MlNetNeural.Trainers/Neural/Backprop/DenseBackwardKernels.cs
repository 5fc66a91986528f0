using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace MlNetNeural.Neural;

/// <summary>
/// A dense layer's backward products (training only): weight gradient dW += δᵀ·A, bias gradient db += Σ_rows δ,
/// input deltas dA = δ·W. In float32 the two products run on the <see cref="Gemm"/> the forward pass uses (so results
/// are deterministic for any thread count); in double (gradient checks) they are row-wise dot products and axpys with
/// zero deltas skipped. Shapes as in <see cref="DenseKernels"/>.
/// </summary>
internal static class DenseBackwardKernels
{
    /// <summary>Adds δᵀ·A to <paramref name="weightGradient"/>.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="deltas">δ, rows × <paramref name="outputSize"/>.</param>
    /// <param name="inputs">A, rows × <paramref name="inputSize"/>.</param>
    /// <param name="rows">Number of examples in the batch.</param>
    /// <param name="inputSize">Number of inputs of the layer.</param>
    /// <param name="outputSize">Number of outputs of the layer.</param>
    /// <param name="weightGradient">dW, <paramref name="outputSize"/> × <paramref name="inputSize"/>; accumulated into.</param>
    /// <exception cref="ArgumentException">A span is shorter than its stated shape.</exception>
    public static void AccumulateWeightGradient<T>(
        ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, int rows, int inputSize, int outputSize,
        Span<T> weightGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DenseKernels.CheckShape(rows, inputSize, outputSize);
        DenseKernels.CheckLength(deltas.Length, rows * outputSize, nameof(deltas));
        DenseKernels.CheckLength(inputs.Length, rows * inputSize, nameof(inputs));
        DenseKernels.CheckLength(weightGradient.Length, outputSize * inputSize, nameof(weightGradient));

        if (typeof(T) == typeof(float))
        {
            // dW (out × in) += op(A)·op(B) with op(A) = δᵀ (δ stored rows × out) and op(B) = A.
            Gemm.Multiply(outputSize, inputSize, rows, MemoryMarshal.Cast<T, float>(deltas), outputSize, true,
                MemoryMarshal.Cast<T, float>(inputs), inputSize, false, MemoryMarshal.Cast<T, float>(weightGradient), inputSize, accumulate: true);
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> a = inputs.Slice(r * inputSize, inputSize);
            ReadOnlySpan<T> d = deltas.Slice(r * outputSize, outputSize);
            for (int o = 0; o < outputSize; o++)
            {
                if (d[o] == T.Zero)
                {
                    continue;
                }

                Span<T> g = weightGradient.Slice(o * inputSize, inputSize);
                TensorPrimitives.MultiplyAdd(a, d[o], g, g);
            }
        }
    }

    /// <summary>Adds the column sums of δ to <paramref name="biasGradient"/>.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="deltas">δ, rows × <paramref name="outputSize"/>.</param>
    /// <param name="rows">Number of examples in the batch.</param>
    /// <param name="outputSize">Number of outputs of the layer.</param>
    /// <param name="biasGradient">db, <paramref name="outputSize"/> values; accumulated into.</param>
    /// <exception cref="ArgumentException">A span is shorter than its stated shape.</exception>
    public static void AccumulateBiasGradient<T>(
        ReadOnlySpan<T> deltas, int rows, int outputSize, Span<T> biasGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DenseKernels.CheckShape(rows, 1, outputSize);
        DenseKernels.CheckLength(deltas.Length, rows * outputSize, nameof(deltas));
        DenseKernels.CheckLength(biasGradient.Length, outputSize, nameof(biasGradient));

        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(biasGradient, deltas.Slice(r * outputSize, outputSize), biasGradient);
        }
    }

    /// <summary>Computes dA = δ·W, the deltas with respect to the layer's inputs.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="deltas">δ, rows × <paramref name="outputSize"/>.</param>
    /// <param name="rows">Number of examples in the batch.</param>
    /// <param name="outputSize">Number of outputs of the layer.</param>
    /// <param name="weights">W, <paramref name="outputSize"/> × <paramref name="inputSize"/>.</param>
    /// <param name="inputSize">Number of inputs of the layer.</param>
    /// <param name="inputDeltas">dA, rows × <paramref name="inputSize"/>; overwritten.</param>
    /// <exception cref="ArgumentException">A span is shorter than its stated shape.</exception>
    public static void BackpropagateDelta<T>(
        ReadOnlySpan<T> deltas, int rows, int outputSize, ReadOnlySpan<T> weights, int inputSize,
        Span<T> inputDeltas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DenseKernels.CheckShape(rows, inputSize, outputSize);
        DenseKernels.CheckLength(deltas.Length, rows * outputSize, nameof(deltas));
        DenseKernels.CheckLength(weights.Length, outputSize * inputSize, nameof(weights));
        DenseKernels.CheckLength(inputDeltas.Length, rows * inputSize, nameof(inputDeltas));

        if (typeof(T) == typeof(float))
        {
            Gemm.Multiply(rows, inputSize, outputSize, MemoryMarshal.Cast<T, float>(deltas), outputSize, false,
                MemoryMarshal.Cast<T, float>(weights), inputSize, false, MemoryMarshal.Cast<T, float>(inputDeltas), inputSize, accumulate: false);
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> d = deltas.Slice(r * outputSize, outputSize);
            Span<T> da = inputDeltas.Slice(r * inputSize, inputSize);
            da.Clear();
            for (int o = 0; o < outputSize; o++)
            {
                if (d[o] == T.Zero)
                {
                    continue;
                }

                TensorPrimitives.MultiplyAdd(weights.Slice(o * inputSize, inputSize), d[o], da, da);
            }
        }
    }
}
