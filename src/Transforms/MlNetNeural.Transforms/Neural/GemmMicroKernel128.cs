using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetNeural.Neural;

/// <summary>
/// The portable micro-kernel of <see cref="Gemm"/>: the 256-bit kernel's <see cref="GemmMicroKernel.Rows"/> ×
/// <see cref="GemmMicroKernel.Columns"/> tile from the same packed strips, written with the cross-platform
/// <see cref="Vector128"/> API, so it runs on ARM64 (AdvSimd's FMLA) and on any x86 with SSE. Each step loads four
/// 128-bit vectors of B, broadcasts six scalars of A and issues 24 fused multiply-adds into 24 accumulators (ARM64 has
/// 32 vector registers).
/// </summary>
/// <remarks>
/// <see cref="Vector128.FusedMultiplyAdd(Vector128{float}, Vector128{float}, Vector128{float})"/> rounds once, as the
/// other kernels' FMAs do, and every element of C gets the same chain from zero over ascending p: the same bits.
/// </remarks>
internal static unsafe class GemmMicroKernel128
{
    private const int Rows = GemmMicroKernel.Rows;
    private const int Columns = GemmMicroKernel.Columns;

    /// <summary>C[0..6, 0..16] = (overwrite ? 0 : C) + Σₚ a[p]·b[p] for a full tile.</summary>
    /// <param name="kc">Length of the k block.</param>
    /// <param name="a">Packed A strip, kc × 6.</param>
    /// <param name="b">Packed B strip, kc × 16.</param>
    /// <param name="c">Top-left of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store instead of adding to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, long ldc, bool overwrite)
    {
        // One row of the tile at a time would reload B six times; all six rows at once keep B in four registers.
        Vector128<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector128<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector128<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector128<float> c30 = default, c31 = default, c32 = default, c33 = default;
        Vector128<float> c40 = default, c41 = default, c42 = default, c43 = default;
        Vector128<float> c50 = default, c51 = default, c52 = default, c53 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 4), b2 = Vector128.Load(b + 8), b3 = Vector128.Load(b + 12);
            Vector128<float> x = Vector128.Create(a[0]);
            c00 = Vector128.FusedMultiplyAdd(x, b0, c00); c01 = Vector128.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector128.FusedMultiplyAdd(x, b2, c02); c03 = Vector128.FusedMultiplyAdd(x, b3, c03);
            x = Vector128.Create(a[1]);
            c10 = Vector128.FusedMultiplyAdd(x, b0, c10); c11 = Vector128.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector128.FusedMultiplyAdd(x, b2, c12); c13 = Vector128.FusedMultiplyAdd(x, b3, c13);
            x = Vector128.Create(a[2]);
            c20 = Vector128.FusedMultiplyAdd(x, b0, c20); c21 = Vector128.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector128.FusedMultiplyAdd(x, b2, c22); c23 = Vector128.FusedMultiplyAdd(x, b3, c23);
            x = Vector128.Create(a[3]);
            c30 = Vector128.FusedMultiplyAdd(x, b0, c30); c31 = Vector128.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector128.FusedMultiplyAdd(x, b2, c32); c33 = Vector128.FusedMultiplyAdd(x, b3, c33);
            x = Vector128.Create(a[4]);
            c40 = Vector128.FusedMultiplyAdd(x, b0, c40); c41 = Vector128.FusedMultiplyAdd(x, b1, c41);
            c42 = Vector128.FusedMultiplyAdd(x, b2, c42); c43 = Vector128.FusedMultiplyAdd(x, b3, c43);
            x = Vector128.Create(a[5]);
            c50 = Vector128.FusedMultiplyAdd(x, b0, c50); c51 = Vector128.FusedMultiplyAdd(x, b1, c51);
            c52 = Vector128.FusedMultiplyAdd(x, b2, c52); c53 = Vector128.FusedMultiplyAdd(x, b3, c53);
            a += Rows;
            b += Columns;
        }

        Store(c, c00, c01, c02, c03, overwrite);
        Store(c + ldc, c10, c11, c12, c13, overwrite);
        Store(c + (2 * ldc), c20, c21, c22, c23, overwrite);
        Store(c + (3 * ldc), c30, c31, c32, c33, overwrite);
        Store(c + (4 * ldc), c40, c41, c42, c43, overwrite);
        Store(c + (5 * ldc), c50, c51, c52, c53, overwrite);
    }

    /// <summary>As <see cref="Run"/> for a tile cut short by the edge of C: only rows × columns of it are written.</summary>
    public static void RunPartial(int kc, float* a, float* b, float* c, long ldc, bool overwrite, int rows, int columns)
    {
        float* tile = stackalloc float[Rows * Columns];
        Run(kc, a, b, tile, Columns, overwrite: true);
        GemmMicroKernel.WriteTile(tile, c, ldc, overwrite, rows, columns);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector128<float> v0, Vector128<float> v1, Vector128<float> v2, Vector128<float> v3, bool overwrite)
    {
        if (!overwrite)
        {
            v0 += Vector128.Load(c);
            v1 += Vector128.Load(c + 4);
            v2 += Vector128.Load(c + 8);
            v3 += Vector128.Load(c + 12);
        }

        v0.Store(c);
        v1.Store(c + 4);
        v2.Store(c + 8);
        v3.Store(c + 12);
    }
}
