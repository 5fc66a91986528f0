using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MlNetNeural.Neural.Sparse;

/// <summary>
/// The first dense layer on a sparse batch, with its weights held input-major (Wᵀ, in × out) so that each
/// input column's weights are one contiguous row: the forward pass and the weight gradient touch only the
/// batch's non-zeros and the weight rows of its active columns.
/// </summary>
/// <remarks>
/// In float32 both sum in <see cref="Gemm"/>'s order with the zero terms left out (see <see cref="SparseMatrixVector"/>):
/// Z = X·W + b gives the dense forward pass's bits, and dWᵀ[c] = Σᵣ X[r, c]·δ[r] (rows ascending, one FMA chain
/// per <see cref="Gemm.BlockK"/> rows) gives the bits of the dense gradient δᵀ·X, transposed.
/// </remarks>
internal static class SparseKernels
{
    /// <summary>Z = X·W + b, where <paramref name="transposedWeights"/> holds Wᵀ (inputs × outputs).</summary>
    public static void Forward<T>(SparseBatch<T> batch, ReadOnlySpan<T> transposedWeights, ReadOnlySpan<T> biases, int outputSize, Span<T> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(transposedWeights.Length, (long)batch.InputSize * outputSize, nameof(transposedWeights));
        Check(outputs.Length, (long)batch.Rows * outputSize, nameof(outputs));
        for (int r = 0; r < batch.Rows; r++)
        {
            Span<T> z = outputs.Slice(r * outputSize, outputSize);
            if (typeof(T) == typeof(float))
            {
                SparseMatrixVector.MultiplyAdd(batch.RowIndices(r), MemoryMarshal.Cast<T, float>(batch.RowValues(r)),
                    MemoryMarshal.Cast<T, float>(transposedWeights), MemoryMarshal.Cast<T, float>(biases), MemoryMarshal.Cast<T, float>(z));
                continue;
            }

            biases.CopyTo(z);
            var indices = batch.RowIndices(r);
            var values = batch.RowValues(r);
            for (int e = 0; e < indices.Length; e++)
            {
                ReadOnlySpan<T> w = transposedWeights.Slice(indices[e] * outputSize, outputSize);
                for (int o = 0; o < outputSize; o++)
                {
                    z[o] += values[e] * w[o];
                }
            }
        }
    }

    /// <summary>
    /// Overwrites the rows of the batch's active columns in <paramref name="transposedGradient"/> (Wᵀ's shape) with
    /// Σᵣ X[r, c]·δ[r]; other rows are not touched.
    /// </summary>
    public static void WeightGradient<T>(SparseBatch<T> batch, ReadOnlySpan<T> deltas, int outputSize, Span<T> transposedGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(deltas.Length, (long)batch.Rows * outputSize, nameof(deltas));
        Check(transposedGradient.Length, (long)batch.InputSize * outputSize, nameof(transposedGradient));
        var active = batch.ActiveColumns;
        for (int a = 0; a < active.Length; a++)
        {
            Span<T> g = transposedGradient.Slice(active[a] * outputSize, outputSize);
            g.Clear();
            ReadOnlySpan<int> rows = batch.ColumnRows(a);
            ReadOnlySpan<T> values = batch.ColumnValues(a);
            if (typeof(T) == typeof(float))
            {
                SparseMatrixVector.AccumulateRows(rows, MemoryMarshal.Cast<T, float>(values), MemoryMarshal.Cast<T, float>(deltas), MemoryMarshal.Cast<T, float>(g));
                continue;
            }

            for (int e = 0; e < rows.Length; e++)
            {
                ReadOnlySpan<T> d = deltas.Slice(rows[e] * outputSize, outputSize);
                for (int o = 0; o < outputSize; o++)
                {
                    g[o] += values[e] * d[o];
                }
            }
        }
    }

    private static void Check(int actual, long required, string name)
    {
        if (actual != required)
        {
            throw new ArgumentException($"{name} must have {required} values but has {actual}.", name);
        }
    }
}
