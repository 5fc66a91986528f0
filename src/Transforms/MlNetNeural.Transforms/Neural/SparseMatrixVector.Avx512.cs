using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural;

/// <summary>The AVX-512 block: up to 128 output columns in one pass over the block's rows.</summary>
/// <remarks>
/// The narrower kernels make a pass over the block's rows per 64, 8 and 1 columns; for a sparse row most blocks hold
/// one non-zero whose weights arrive from memory, and one pass reads each of them once. The last of a pass's vectors
/// is a masked load (its lanes past the row's end read nothing and sum zeros), so no width needs a scalar tail. The
/// sums are the same FMA chains (per output, from zero, rows ascending) as the other widths: the same bits.
/// </remarks>
internal static unsafe partial class SparseMatrixVector
{
    private const int Lanes512 = 16;
    private const int Vectors512 = 8; // sums kept in registers during a pass (of 32); a row's loads need the rest

    private static void AddBlock512(int* idx, float* x, int count, float* wt, int n, float* z)
    {
        for (int j = 0; j < n; j += Vectors512 * Lanes512)
        {
            int columns = Math.Min(n - j, Vectors512 * Lanes512);
            int vectors = (columns + Lanes512 - 1) / Lanes512;
            var lastLanes = LanesBelow(columns - ((vectors - 1) * Lanes512));
            float* w = wt + j, sum = z + j;
            switch (vectors)
            {
                case 1: AddColumns<VectorCount.One>(idx, x, count, w, n, sum, lastLanes); break;
                case 2: AddColumns<VectorCount.Two>(idx, x, count, w, n, sum, lastLanes); break;
                case 3: AddColumns<VectorCount.Three>(idx, x, count, w, n, sum, lastLanes); break;
                case 4: AddColumns<VectorCount.Four>(idx, x, count, w, n, sum, lastLanes); break;
                case 5: AddColumns<VectorCount.Five>(idx, x, count, w, n, sum, lastLanes); break;
                case 6: AddColumns<VectorCount.Six>(idx, x, count, w, n, sum, lastLanes); break;
                case 7: AddColumns<VectorCount.Seven>(idx, x, count, w, n, sum, lastLanes); break;
                default: AddColumns<VectorCount.Eight>(idx, x, count, w, n, sum, lastLanes); break;
            }
        }
    }

    /// <summary>A mask of the first <paramref name="lanes"/> (1 to 16) lanes.</summary>
    private static Vector512<float> LanesBelow(int lanes)
        => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(lanes)).AsSingle();

    /// <summary>
    /// z[0..) += the block's sums over <typeparamref name="TVectors"/> vectors of 16 columns, the last one masked by
    /// <paramref name="last"/>. The vector count is a type so that the JIT compiles each count without branches.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddColumns<TVectors>(int* idx, float* x, int count, float* wt, int stride, float* z, Vector512<float> last)
        where TVectors : struct, VectorCount.IVectorCount
    {
        int c = TVectors.Count;
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int e = 0; e < count; e++)
        {
            float* w = wt + ((long)idx[e] * stride);
            var v = Vector512.Create(x[e]);
            s0 = Vector512.FusedMultiplyAdd(v, Row(w, 0, c, last), s0);
            if (c > 1) s1 = Vector512.FusedMultiplyAdd(v, Row(w, 1, c, last), s1);
            if (c > 2) s2 = Vector512.FusedMultiplyAdd(v, Row(w, 2, c, last), s2);
            if (c > 3) s3 = Vector512.FusedMultiplyAdd(v, Row(w, 3, c, last), s3);
            if (c > 4) s4 = Vector512.FusedMultiplyAdd(v, Row(w, 4, c, last), s4);
            if (c > 5) s5 = Vector512.FusedMultiplyAdd(v, Row(w, 5, c, last), s5);
            if (c > 6) s6 = Vector512.FusedMultiplyAdd(v, Row(w, 6, c, last), s6);
            if (c > 7) s7 = Vector512.FusedMultiplyAdd(v, Row(w, 7, c, last), s7);
        }

        Add(z, 0, c, last, s0);
        if (c > 1) Add(z, 1, c, last, s1);
        if (c > 2) Add(z, 2, c, last, s2);
        if (c > 3) Add(z, 3, c, last, s3);
        if (c > 4) Add(z, 4, c, last, s4);
        if (c > 5) Add(z, 5, c, last, s5);
        if (c > 6) Add(z, 6, c, last, s6);
        if (c > 7) Add(z, 7, c, last, s7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(float* w, int vector, int vectors, Vector512<float> last)
        => vector == vectors - 1
            ? Avx512F.MaskLoad(w + (vector * Lanes512), last, Vector512<float>.Zero)
            : Vector512.Load(w + (vector * Lanes512));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* z, int vector, int vectors, Vector512<float> last, Vector512<float> sum)
    {
        float* at = z + (vector * Lanes512);
        if (vector == vectors - 1)
            Avx512F.MaskStore(at, last, Avx512F.MaskLoad(at, last, Vector512<float>.Zero) + sum);
        else
            (Vector512.Load(at) + sum).Store(at);
    }
}
