using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

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
    /// <summary>
    /// Z = X·W + b into the first rows × outputs values of <paramref name="outputs"/>, where
    /// <paramref name="transposedWeights"/> holds Wᵀ (inputs × outputs). The rows are split over the
    /// cores (each row's sum is the same whichever thread computes it).
    /// </summary>
    public static void Forward<T>(SparseBatch<T> batch, T[] transposedWeights, T[] biases, int outputSize, T[] outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(transposedWeights.Length, (long)batch.InputSize * outputSize, nameof(transposedWeights));
        if (outputs.Length < (long)batch.Rows * outputSize)
        {
            throw new ArgumentException($"outputs must hold at least {(long)batch.Rows * outputSize} values but has {outputs.Length}.", nameof(outputs));
        }

        int workers = Math.Clamp(batch.NonZeros / NonZerosPerWorker, 1, Environment.ProcessorCount);
        if (workers == 1)
        {
            ForwardRows(batch, 0, batch.Rows, transposedWeights, biases, outputSize, outputs);
            return;
        }

        Parallel.For(0, workers, w => ForwardRows(batch, batch.Rows * w / workers, batch.Rows * (w + 1) / workers,
            transposedWeights, biases, outputSize, outputs));
    }

    // Below this many non-zeros a batch's forward pass is not worth a second thread.
    private const int NonZerosPerWorker = 4096;

    private static void ForwardRows<T>(SparseBatch<T> batch, int from, int to, ReadOnlySpan<T> transposedWeights, ReadOnlySpan<T> biases,
        int outputSize, Span<T> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = from; r < to; r++)
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
            ColumnGradient(batch, a, deltas, transposedGradient.Slice(active[a] * outputSize, outputSize));
        }
    }

    /// <summary>Overwrites <paramref name="gradient"/> (one row of Wᵀ's shape) with Σᵣ X[r, c]·δ[r] for active column number <paramref name="active"/>.</summary>
    public static void ColumnGradient<T>(SparseBatch<T> batch, int active, ReadOnlySpan<T> deltas, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputSize = gradient.Length;
        gradient.Clear();
        ReadOnlySpan<int> rows = batch.ColumnRows(active);
        ReadOnlySpan<T> values = batch.ColumnValues(active);
        if (typeof(T) == typeof(float))
        {
            SparseMatrixVector.AccumulateRows(rows, MemoryMarshal.Cast<T, float>(values), MemoryMarshal.Cast<T, float>(deltas), MemoryMarshal.Cast<T, float>(gradient));
            return;
        }

        for (int e = 0; e < rows.Length; e++)
        {
            ReadOnlySpan<T> d = deltas.Slice(rows[e] * outputSize, outputSize);
            for (int o = 0; o < outputSize; o++)
            {
                gradient[o] += values[e] * d[o];
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
