using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural;

/// <summary>The AVX2 path for up to 104 outputs: over a run of lone non-zeros the sums stay in registers.</summary>
/// <remarks>
/// Most blocks of a sparse row hold a single non-zero, and that block's FMA chain from zero is fma(x, w, 0), which
/// rounds x·w once, as a multiply does; so a lone non-zero adds x·w to sums held in registers, and the order, and the
/// bits, stay the block-by-block ones (up to the sign of an exact zero). A block holding several non-zeros sums its
/// chains in one pass over its rows (<see cref="AddBlockResident"/>), not one pass per 64, 8 and 1 columns. Why: in a
/// standalone loop on Zen 3 (AVX2), 650 non-zeros × 100 outputs at 150k slots took 37 µs block by block through memory
/// against 23–25 µs as one register-held chain per output (not these bits); a block's loads, stores and column tails
/// cost more than its one row of weights. In the benchmark's <c>Predict</c> this path measured 42 → 34 µs (medians).
/// </remarks>
internal static unsafe partial class SparseMatrixVector
{
    private const int ResidentVectors = 13; // of the 16 registers: the sums, the broadcast value and one load

    /// <summary>Whether <see cref="AccumulateSingletons"/> takes rows of <paramref name="n"/> outputs on this kernel.</summary>
    private static bool TakesResident(int n) => Gemm.ActiveKernel == Gemm.Kernel.Avx2 && n <= ResidentVectors * Lanes;

    /// <summary>Adds the entries from <paramref name="start"/> on while each is alone in its block; returns where it stopped.</summary>
    private static int AccumulateSingletons(int* idx, float* x, int start, int count, float* wt, int n, float* z, ref int prefetched)
    {
        var last = Masked256.LastMask(n, out int vectors);
        return vectors switch
        {
            1 => AccumulateSingletons<VectorCount.One>(idx, x, start, count, wt, n, z, last, ref prefetched),
            2 => AccumulateSingletons<VectorCount.Two>(idx, x, start, count, wt, n, z, last, ref prefetched),
            3 => AccumulateSingletons<VectorCount.Three>(idx, x, start, count, wt, n, z, last, ref prefetched),
            4 => AccumulateSingletons<VectorCount.Four>(idx, x, start, count, wt, n, z, last, ref prefetched),
            5 => AccumulateSingletons<VectorCount.Five>(idx, x, start, count, wt, n, z, last, ref prefetched),
            6 => AccumulateSingletons<VectorCount.Six>(idx, x, start, count, wt, n, z, last, ref prefetched),
            7 => AccumulateSingletons<VectorCount.Seven>(idx, x, start, count, wt, n, z, last, ref prefetched),
            8 => AccumulateSingletons<VectorCount.Eight>(idx, x, start, count, wt, n, z, last, ref prefetched),
            9 => AccumulateSingletons<VectorCount.Nine>(idx, x, start, count, wt, n, z, last, ref prefetched),
            10 => AccumulateSingletons<VectorCount.Ten>(idx, x, start, count, wt, n, z, last, ref prefetched),
            11 => AccumulateSingletons<VectorCount.Eleven>(idx, x, start, count, wt, n, z, last, ref prefetched),
            12 => AccumulateSingletons<VectorCount.Twelve>(idx, x, start, count, wt, n, z, last, ref prefetched),
            _ => AccumulateSingletons<VectorCount.Thirteen>(idx, x, start, count, wt, n, z, last, ref prefetched),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AccumulateSingletons<TVectors>(int* idx, float* x, int start, int count, float* wt, int n, float* z,
        Vector256<float> last, ref int prefetched)
        where TVectors : struct, VectorCount.IVectorCount
    {
        int c = TVectors.Count;
        Vector256<float> z0 = Masked256.Load(z, 0, c, last), z1 = default, z2 = default, z3 = default, z4 = default, z5 = default;
        Vector256<float> z6 = default, z7 = default, z8 = default, z9 = default, z10 = default, z11 = default, z12 = default;
        if (c > 1) z1 = Masked256.Load(z, 1, c, last);
        if (c > 2) z2 = Masked256.Load(z, 2, c, last);
        if (c > 3) z3 = Masked256.Load(z, 3, c, last);
        if (c > 4) z4 = Masked256.Load(z, 4, c, last);
        if (c > 5) z5 = Masked256.Load(z, 5, c, last);
        if (c > 6) z6 = Masked256.Load(z, 6, c, last);
        if (c > 7) z7 = Masked256.Load(z, 7, c, last);
        if (c > 8) z8 = Masked256.Load(z, 8, c, last);
        if (c > 9) z9 = Masked256.Load(z, 9, c, last);
        if (c > 10) z10 = Masked256.Load(z, 10, c, last);
        if (c > 11) z11 = Masked256.Load(z, 11, c, last);
        if (c > 12) z12 = Masked256.Load(z, 12, c, last);
        int e = start;
        for (int end; e < count && (end = BlockEnd(idx, e, count)) == e + 1; e = end)
        {
            PrefetchThrough(idx, e + 1, count, wt, n, ref prefetched);
            // Multiply, then add: the JIT does not contract the two into an FMA, which would round once, not twice.
            float* w = wt + ((long)idx[e] * n);
            var v = Vector256.Create(x[e]);
            z0 += v * Masked256.Load(w, 0, c, last);
            if (c > 1) z1 += v * Masked256.Load(w, 1, c, last);
            if (c > 2) z2 += v * Masked256.Load(w, 2, c, last);
            if (c > 3) z3 += v * Masked256.Load(w, 3, c, last);
            if (c > 4) z4 += v * Masked256.Load(w, 4, c, last);
            if (c > 5) z5 += v * Masked256.Load(w, 5, c, last);
            if (c > 6) z6 += v * Masked256.Load(w, 6, c, last);
            if (c > 7) z7 += v * Masked256.Load(w, 7, c, last);
            if (c > 8) z8 += v * Masked256.Load(w, 8, c, last);
            if (c > 9) z9 += v * Masked256.Load(w, 9, c, last);
            if (c > 10) z10 += v * Masked256.Load(w, 10, c, last);
            if (c > 11) z11 += v * Masked256.Load(w, 11, c, last);
            if (c > 12) z12 += v * Masked256.Load(w, 12, c, last);
        }

        Masked256.Store(z, 0, c, last, z0);
        if (c > 1) Masked256.Store(z, 1, c, last, z1);
        if (c > 2) Masked256.Store(z, 2, c, last, z2);
        if (c > 3) Masked256.Store(z, 3, c, last, z3);
        if (c > 4) Masked256.Store(z, 4, c, last, z4);
        if (c > 5) Masked256.Store(z, 5, c, last, z5);
        if (c > 6) Masked256.Store(z, 6, c, last, z6);
        if (c > 7) Masked256.Store(z, 7, c, last, z7);
        if (c > 8) Masked256.Store(z, 8, c, last, z8);
        if (c > 9) Masked256.Store(z, 9, c, last, z9);
        if (c > 10) Masked256.Store(z, 10, c, last, z10);
        if (c > 11) Masked256.Store(z, 11, c, last, z11);
        if (c > 12) Masked256.Store(z, 12, c, last, z12);
        return e;
    }

    /// <summary>
    /// z[0..n) += the chains of the block of entries [<paramref name="start"/>, <paramref name="end"/>) (n ≤ 104) in one pass
    /// over its rows, each output's sum in a register; returns <paramref name="end"/>.
    /// </summary>
    private static int AddBlockResident(int* idx, float* x, int start, int end, int count, float* wt, int n, float* z, ref int prefetched)
    {
        var last = Masked256.LastMask(n, out int vectors);
        switch (vectors)
        {
            case 1: AddBlockResident<VectorCount.One>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 2: AddBlockResident<VectorCount.Two>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 3: AddBlockResident<VectorCount.Three>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 4: AddBlockResident<VectorCount.Four>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 5: AddBlockResident<VectorCount.Five>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 6: AddBlockResident<VectorCount.Six>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 7: AddBlockResident<VectorCount.Seven>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 8: AddBlockResident<VectorCount.Eight>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 9: AddBlockResident<VectorCount.Nine>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 10: AddBlockResident<VectorCount.Ten>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 11: AddBlockResident<VectorCount.Eleven>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            case 12: AddBlockResident<VectorCount.Twelve>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
            default: AddBlockResident<VectorCount.Thirteen>(idx, x, start, end, count, wt, n, z, last, ref prefetched); break;
        }

        return end;
    }

    // The rows are requested PrefetchAhead entries ahead as the pass goes, not all at once before it: a block of a few
    // hundred rows requested at once is more than the memory system holds in flight.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBlockResident<TVectors>(int* idx, float* x, int start, int end, int count, float* wt, int n, float* z,
        Vector256<float> last, ref int prefetched)
        where TVectors : struct, VectorCount.IVectorCount
    {
        int c = TVectors.Count;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default;
        Vector256<float> s7 = default, s8 = default, s9 = default, s10 = default, s11 = default, s12 = default;
        for (int e = start; e < end; e++)
        {
            PrefetchThrough(idx, e + 1, count, wt, n, ref prefetched);
            float* w = wt + ((long)idx[e] * n);
            var v = Vector256.Create(x[e]);
            s0 = Fma.MultiplyAdd(v, Masked256.Load(w, 0, c, last), s0);
            if (c > 1) s1 = Fma.MultiplyAdd(v, Masked256.Load(w, 1, c, last), s1);
            if (c > 2) s2 = Fma.MultiplyAdd(v, Masked256.Load(w, 2, c, last), s2);
            if (c > 3) s3 = Fma.MultiplyAdd(v, Masked256.Load(w, 3, c, last), s3);
            if (c > 4) s4 = Fma.MultiplyAdd(v, Masked256.Load(w, 4, c, last), s4);
            if (c > 5) s5 = Fma.MultiplyAdd(v, Masked256.Load(w, 5, c, last), s5);
            if (c > 6) s6 = Fma.MultiplyAdd(v, Masked256.Load(w, 6, c, last), s6);
            if (c > 7) s7 = Fma.MultiplyAdd(v, Masked256.Load(w, 7, c, last), s7);
            if (c > 8) s8 = Fma.MultiplyAdd(v, Masked256.Load(w, 8, c, last), s8);
            if (c > 9) s9 = Fma.MultiplyAdd(v, Masked256.Load(w, 9, c, last), s9);
            if (c > 10) s10 = Fma.MultiplyAdd(v, Masked256.Load(w, 10, c, last), s10);
            if (c > 11) s11 = Fma.MultiplyAdd(v, Masked256.Load(w, 11, c, last), s11);
            if (c > 12) s12 = Fma.MultiplyAdd(v, Masked256.Load(w, 12, c, last), s12);
        }

        Masked256.Store(z, 0, c, last, Masked256.Load(z, 0, c, last) + s0);
        if (c > 1) Masked256.Store(z, 1, c, last, Masked256.Load(z, 1, c, last) + s1);
        if (c > 2) Masked256.Store(z, 2, c, last, Masked256.Load(z, 2, c, last) + s2);
        if (c > 3) Masked256.Store(z, 3, c, last, Masked256.Load(z, 3, c, last) + s3);
        if (c > 4) Masked256.Store(z, 4, c, last, Masked256.Load(z, 4, c, last) + s4);
        if (c > 5) Masked256.Store(z, 5, c, last, Masked256.Load(z, 5, c, last) + s5);
        if (c > 6) Masked256.Store(z, 6, c, last, Masked256.Load(z, 6, c, last) + s6);
        if (c > 7) Masked256.Store(z, 7, c, last, Masked256.Load(z, 7, c, last) + s7);
        if (c > 8) Masked256.Store(z, 8, c, last, Masked256.Load(z, 8, c, last) + s8);
        if (c > 9) Masked256.Store(z, 9, c, last, Masked256.Load(z, 9, c, last) + s9);
        if (c > 10) Masked256.Store(z, 10, c, last, Masked256.Load(z, 10, c, last) + s10);
        if (c > 11) Masked256.Store(z, 11, c, last, Masked256.Load(z, 11, c, last) + s11);
        if (c > 12) Masked256.Store(z, 12, c, last, Masked256.Load(z, 12, c, last) + s12);
    }
}
