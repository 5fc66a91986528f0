using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural;

/// <summary>
/// One dense layer applied to one sparse example, z = W·x + b, touching only x's non-zeros: the cost is
/// non-zeros × outputs, whatever the number of input slots.
/// </summary>
/// <remarks>
/// The sum runs in exactly <see cref="MatrixVector"/>'s (and so <see cref="Gemm"/>'s) order with the zero
/// terms left out: z starts as the bias and, for each <see cref="Gemm.BlockK"/>-long block of input slots in
/// ascending order that holds a non-zero, gets that block's FMA chain (from zero, over its non-zeros in
/// ascending slot order) added. A skipped term is fma(0, w, s) = s, so a sparse row scores to the same bits
/// as its dense form (up to the sign of an exact zero). The weights are read transposed (in × out), so each
/// non-zero reads one contiguous row of <c>out</c> weights.
/// </remarks>
internal static unsafe partial class SparseMatrixVector
{
    private const int Lanes = 8;
    private const int WideColumns = 8 * Lanes;
    private const int PrefetchAhead = 24;

    // Into the level-2 cache (prefetcht1), not level 1: a row requested this far ahead would otherwise take an L1
    // miss buffer, of which a core has few, for the whole wait. Measured on Zen 4 (AVX-512), the product alone in a
    // standalone loop, 650 non-zeros × 100 outputs at 150k slots: 16–19 µs a call against 20–25 µs with prefetcht0
    // 12 rows ahead; distances of 16 to 64 rows measured alike.
    private static void Prefetch(float* row, int n)
    {
        for (int offset = 0; offset < n; offset += 16) // 16 floats = one 64-byte cache line
        {
            Sse.Prefetch1(row + offset);
        }
    }

    /// <summary>Computes z = W·x + b for one sparse example without allocating.</summary>
    /// <param name="indices">x's non-zero slots, strictly ascending, each below the input size.</param>
    /// <param name="values">x's values at <paramref name="indices"/>.</param>
    /// <param name="transposedWeights">Wᵀ, input size × output size, row-major.</param>
    /// <param name="biases">b, one per output.</param>
    /// <param name="output">z, overwritten.</param>
    /// <exception cref="ArgumentException">A length does not match, or an index is out of range or out of order.</exception>
    public static void MultiplyAdd(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> transposedWeights,
        ReadOnlySpan<float> biases, Span<float> output)
    {
        int n = output.Length;
        if (biases.Length != n)
        {
            throw new ArgumentException($"biases must have {n} values, one per output, but has {biases.Length}.", nameof(biases));
        }

        biases.CopyTo(output);
        AccumulateRows(indices, values, transposedWeights, output);
    }

    /// <summary>
    /// destination += Σₑ values[e] · matrix row indices[e], summed in <see cref="Gemm"/>'s order (one FMA chain from
    /// zero per <see cref="Gemm.BlockK"/>-long block of row numbers, blocks ascending). With a sparse input row this is
    /// the first layer's product; with the rows of a batch holding one input column, that column's weight gradient.
    /// </summary>
    /// <param name="indices">Row numbers of <paramref name="matrix"/>, strictly ascending.</param>
    /// <param name="values">One coefficient per row number.</param>
    /// <param name="matrix">Row-major, rows of <paramref name="destination"/>'s length.</param>
    /// <param name="destination">Accumulated into.</param>
    /// <exception cref="ArgumentException">The lengths do not match or an index lies outside the matrix.</exception>
    public static void AccumulateRows(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination)
    {
        int n = destination.Length;
        if (values.Length != indices.Length)
        {
            throw new ArgumentException($"values has {values.Length} entries but indices has {indices.Length}.", nameof(values));
        }

        int count = indices.Length;
        CheckIndices(indices, matrix.Length / Math.Max(1, n));

        fixed (int* idx = indices)
        fixed (float* x = values, wt = matrix, z = destination)
        {
            // The rows are scattered over the whole matrix (a text vocabulary's weights do not fit in cache), so
            // every entry's row is requested PrefetchAhead entries before it is summed: the memory system then
            // fetches many rows at once instead of waiting on each in turn.
            int prefetched = 0;
            int start = 0;
            bool resident = TakesResident(n);
            while (start < count)
            {
                // The entries of one BlockK-long block of rows: one FMA chain each output, as the GEMM sums.
                int end = BlockEnd(idx, start, count);
                if (resident)
                {
                    start = end == start + 1
                        ? AccumulateSingletons(idx, x, start, count, wt, n, z, ref prefetched)
                        : AddBlockResident(idx, x, start, end, count, wt, n, z, ref prefetched);
                    continue;
                }

                PrefetchThrough(idx, end, count, wt, n, ref prefetched);
                AddBlock(idx + start, x + start, end - start, wt, n, z);
                start = end;
            }
        }
    }

    /// <summary>The end of the entries from <paramref name="start"/> on whose rows lie in <paramref name="start"/>'s block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BlockEnd(int* idx, int start, int count)
    {
        int block = idx[start] / Gemm.BlockK;
        int end = start + 1;
        while (end < count && idx[end] / Gemm.BlockK == block)
        {
            end++;
        }

        return end;
    }

    /// <summary>Requests the rows of the entries up to <see cref="PrefetchAhead"/> past <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchThrough(int* idx, int end, int count, float* wt, int n, ref int prefetched)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        for (int limit = Math.Min(count, end + PrefetchAhead); prefetched < limit; prefetched++)
        {
            Prefetch(wt + ((long)idx[prefetched] * n), n);
        }
    }

    // The kernels read through pointers, so every index is checked: in range and strictly ascending.
    private static void CheckIndices(ReadOnlySpan<int> indices, long rows)
    {
        int previous = -1;
        foreach (int index in indices)
        {
            if (index <= previous)
            {
                throw new ArgumentException($"Sparse indices must be strictly ascending; index {index} follows {previous}.", nameof(indices));
            }

            if (index >= rows)
            {
                throw new ArgumentException($"Sparse index {index} lies outside the {rows} rows (input slots) of the matrix.", nameof(indices));
            }

            previous = index;
        }
    }

    /// <summary>z[0..n) += Σ over the block's non-zeros of x·Wᵀ[slot, 0..n), each output one FMA chain from zero.</summary>
    private static void AddBlock(int* idx, float* x, int count, float* wt, int n, float* z)
    {
        if (Gemm.ActiveKernel == Gemm.Kernel.Avx512 && Avx512F.IsSupported)
        {
            AddBlock512(idx, x, count, wt, n, z);
            return;
        }

        int j = 0;
        if (Gemm.ActiveKernel == Gemm.Kernel.Portable)
        {
            for (; j + 4 <= n; j += 4)
            {
                Vector128<float> s = Vector128<float>.Zero;
                for (int e = 0; e < count; e++)
                {
                    s = Vector128.FusedMultiplyAdd(Vector128.Create(x[e]), Vector128.Load(wt + ((long)idx[e] * n) + j), s);
                }

                (Vector128.Load(z + j) + s).Store(z + j);
            }
        }

        if (Gemm.ActiveKernel is Gemm.Kernel.Avx2 or Gemm.Kernel.Avx512)
        {
            for (; j + WideColumns <= n; j += WideColumns)
            {
                AddBlockWide(idx, x, count, wt + j, n, z + j);
            }

            for (; j + Lanes <= n; j += Lanes)
            {
                Vector256<float> s = Vector256<float>.Zero;
                for (int e = 0; e < count; e++)
                {
                    s = Fma.MultiplyAdd(Vector256.Create(x[e]), Avx.LoadVector256(wt + ((long)idx[e] * n) + j), s);
                }

                Avx.Store(z + j, Avx.Add(Avx.LoadVector256(z + j), s));
            }
        }

        for (; j < n; j++)
        {
            float s = 0;
            for (int e = 0; e < count; e++)
            {
                s = MathF.FusedMultiplyAdd(x[e], wt[((long)idx[e] * n) + j], s);
            }

            z[j] += s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBlockWide(int* idx, float* x, int count, float* wt, int n, float* z)
    {
        Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero, s2 = Vector256<float>.Zero, s3 = Vector256<float>.Zero;
        Vector256<float> s4 = Vector256<float>.Zero, s5 = Vector256<float>.Zero, s6 = Vector256<float>.Zero, s7 = Vector256<float>.Zero;
        for (int e = 0; e < count; e++)
        {
            float* w = wt + ((long)idx[e] * n);
            Vector256<float> v = Vector256.Create(x[e]);
            s0 = Fma.MultiplyAdd(v, Avx.LoadVector256(w), s0);
            s1 = Fma.MultiplyAdd(v, Avx.LoadVector256(w + 8), s1);
            s2 = Fma.MultiplyAdd(v, Avx.LoadVector256(w + 16), s2);
            s3 = Fma.MultiplyAdd(v, Avx.LoadVector256(w + 24), s3);
            s4 = Fma.MultiplyAdd(v, Avx.LoadVector256(w + 32), s4);
            s5 = Fma.MultiplyAdd(v, Avx.LoadVector256(w + 40), s5);
            s6 = Fma.MultiplyAdd(v, Avx.LoadVector256(w + 48), s6);
            s7 = Fma.MultiplyAdd(v, Avx.LoadVector256(w + 56), s7);
        }

        Avx.Store(z, Avx.Add(Avx.LoadVector256(z), s0));
        Avx.Store(z + 8, Avx.Add(Avx.LoadVector256(z + 8), s1));
        Avx.Store(z + 16, Avx.Add(Avx.LoadVector256(z + 16), s2));
        Avx.Store(z + 24, Avx.Add(Avx.LoadVector256(z + 24), s3));
        Avx.Store(z + 32, Avx.Add(Avx.LoadVector256(z + 32), s4));
        Avx.Store(z + 40, Avx.Add(Avx.LoadVector256(z + 40), s5));
        Avx.Store(z + 48, Avx.Add(Avx.LoadVector256(z + 48), s6));
        Avx.Store(z + 56, Avx.Add(Avx.LoadVector256(z + 56), s7));
    }
}
