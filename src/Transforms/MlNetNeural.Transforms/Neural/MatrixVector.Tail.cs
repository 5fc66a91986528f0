using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural;

/// <summary>
/// The AVX2 pass over the columns the 64-wide chains leave (fewer than 64): up to eight 8-wide chains at once, the last
/// one masked. Each output is still its own FMA chain from zero over the block's inputs, so the bits are those of the
/// 8-wide and scalar loops it replaces; but the chains run side by side instead of one after another, which a
/// classifier's head (10 outputs: one 8-wide and two scalar 128-long chains) waited on.
/// </summary>
internal static unsafe partial class MatrixVector
{
    private static void AddBlockTail(float* a, int kc, float* wt, int n, float* z, int columns)
    {
        var last = Masked256.LastMask(columns, out int vectors);
        switch (vectors)
        {
            case 1: AddBlockTail<VectorCount.One>(a, kc, wt, n, z, last); break;
            case 2: AddBlockTail<VectorCount.Two>(a, kc, wt, n, z, last); break;
            case 3: AddBlockTail<VectorCount.Three>(a, kc, wt, n, z, last); break;
            case 4: AddBlockTail<VectorCount.Four>(a, kc, wt, n, z, last); break;
            case 5: AddBlockTail<VectorCount.Five>(a, kc, wt, n, z, last); break;
            case 6: AddBlockTail<VectorCount.Six>(a, kc, wt, n, z, last); break;
            case 7: AddBlockTail<VectorCount.Seven>(a, kc, wt, n, z, last); break;
            default: AddBlockTail<VectorCount.Eight>(a, kc, wt, n, z, last); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBlockTail<TVectors>(float* a, int kc, float* wt, int n, float* z, Vector256<float> last)
        where TVectors : struct, VectorCount.IVectorCount
    {
        int c = TVectors.Count;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int p = 0; p < kc; p++, wt += n)
        {
            var x = Vector256.Create(a[p]);
            s0 = Fma.MultiplyAdd(x, Masked256.Load(wt, 0, c, last), s0);
            if (c > 1) s1 = Fma.MultiplyAdd(x, Masked256.Load(wt, 1, c, last), s1);
            if (c > 2) s2 = Fma.MultiplyAdd(x, Masked256.Load(wt, 2, c, last), s2);
            if (c > 3) s3 = Fma.MultiplyAdd(x, Masked256.Load(wt, 3, c, last), s3);
            if (c > 4) s4 = Fma.MultiplyAdd(x, Masked256.Load(wt, 4, c, last), s4);
            if (c > 5) s5 = Fma.MultiplyAdd(x, Masked256.Load(wt, 5, c, last), s5);
            if (c > 6) s6 = Fma.MultiplyAdd(x, Masked256.Load(wt, 6, c, last), s6);
            if (c > 7) s7 = Fma.MultiplyAdd(x, Masked256.Load(wt, 7, c, last), s7);
        }

        AddTail(z, 0, c, last, s0);
        if (c > 1) AddTail(z, 1, c, last, s1);
        if (c > 2) AddTail(z, 2, c, last, s2);
        if (c > 3) AddTail(z, 3, c, last, s3);
        if (c > 4) AddTail(z, 4, c, last, s4);
        if (c > 5) AddTail(z, 5, c, last, s5);
        if (c > 6) AddTail(z, 6, c, last, s6);
        if (c > 7) AddTail(z, 7, c, last, s7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTail(float* z, int vector, int vectors, Vector256<float> last, Vector256<float> sum)
        => Masked256.Store(z, vector, vectors, last, Masked256.Load(z, vector, vectors, last) + sum);
}
