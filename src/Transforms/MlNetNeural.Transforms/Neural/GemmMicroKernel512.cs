using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural;

/// <summary>
/// <see cref="GemmMicroKernel"/>'s AVX-512 counterpart: one <see cref="GemmMicroKernel.Rows"/> × 32 tile of C from a
/// packed A strip and two adjacent packed B strips (each <see cref="GemmMicroKernel.Columns"/> wide, so the packing is
/// the same). Each step loads one 512-bit vector from each B strip, broadcasts six scalars of A and issues 12 FMAs into
/// 12 accumulators: twice the work per instruction of the 256-bit kernel, which a core with full-width 512-bit FMA
/// units turns into twice the FLOPs per cycle. Run where AVX-512 F is present (<see cref="Gemm.Kernel.Avx512"/>).
/// </summary>
/// <remarks>
/// Every element of C gets the same FMA chain, from zero over ascending p, as in the 256-bit kernel, so the two give
/// the same bits: which one runs is invisible in the results.
/// </remarks>
internal static unsafe class GemmMicroKernel512
{
    /// <summary>Columns of C per tile: two packed B strips.</summary>
    public const int Columns = 2 * GemmMicroKernel.Columns;

    /// <summary>C[0..6, 0..32] = (overwrite ? 0 : C) + Σₚ a[p]·(b[p] | b[stripStride + p]) for a full tile.</summary>
    /// <param name="kc">Length of the k block.</param>
    /// <param name="a">Packed A strip, kc × <see cref="GemmMicroKernel.Rows"/>.</param>
    /// <param name="b">The first of the two packed B strips, kc × <see cref="GemmMicroKernel.Columns"/>; the second follows it.</param>
    /// <param name="c">Top-left of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store instead of adding to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, long ldc, bool overwrite)
    {
        float* b1 = b + ((long)kc * GemmMicroKernel.Columns);
        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
        Vector512<float> c40 = Vector512<float>.Zero, c41 = Vector512<float>.Zero;
        Vector512<float> c50 = Vector512<float>.Zero, c51 = Vector512<float>.Zero;

        for (int p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Avx512F.LoadVector512(b);
            Vector512<float> v1 = Avx512F.LoadVector512(b1);
            Vector512<float> x = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(x, v0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, v1, c01);
            x = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(x, v0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, v1, c11);
            x = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(x, v0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, v1, c21);
            x = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(x, v0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, v1, c31);
            x = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(x, v0, c40);
            c41 = Avx512F.FusedMultiplyAdd(x, v1, c41);
            x = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(x, v0, c50);
            c51 = Avx512F.FusedMultiplyAdd(x, v1, c51);
            a += GemmMicroKernel.Rows;
            b += GemmMicroKernel.Columns;
            b1 += GemmMicroKernel.Columns;
        }

        Store(c, c00, c01, overwrite);
        Store(c + ldc, c10, c11, overwrite);
        Store(c + (2 * ldc), c20, c21, overwrite);
        Store(c + (3 * ldc), c30, c31, overwrite);
        Store(c + (4 * ldc), c40, c41, overwrite);
        Store(c + (5 * ldc), c50, c51, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> low, Vector512<float> high, bool overwrite)
    {
        if (!overwrite)
        {
            low = Avx512F.Add(Avx512F.LoadVector512(c), low);
            high = Avx512F.Add(Avx512F.LoadVector512(c + 16), high);
        }

        Avx512F.Store(c, low);
        Avx512F.Store(c + 16, high);
    }
}
