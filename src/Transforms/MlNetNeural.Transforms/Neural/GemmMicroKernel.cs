using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural;

/// <summary>
/// The register-blocked inner kernel of <see cref="Gemm"/>: one <see cref="Rows"/> × <see cref="Columns"/>
/// tile of C from a packed row strip of A and a packed column strip of B.
/// </summary>
/// <remarks>
/// The packed A strip holds, for each p, the <see cref="Rows"/> values op(A)[i₀..i₀+5, p]; the packed B
/// strip holds, for each p, the <see cref="Columns"/> values op(B)[p, j₀..j₀+15]. Each step loads two
/// vectors of B, broadcasts six scalars of A and issues 12 FMAs into 12 accumulators (the 6 × 16 tile
/// of C), so 12 of the 16 AVX registers hold C and the two FMA ports stay busy: 24 FLOPs per 2.7 loads.
/// Each accumulator starts at zero and is added to C (or stored) once at the end.
/// </remarks>
internal static unsafe class GemmMicroKernel
{
    public const int Rows = 6;
    public const int Columns = 16;

    /// <summary>C[0..6, 0..16] = (overwrite ? 0 : C) + Σₚ a[p]·b[p] for a full tile.</summary>
    /// <param name="kc">Length of the k block.</param>
    /// <param name="a">Packed A strip, kc × <see cref="Rows"/>.</param>
    /// <param name="b">Packed B strip, kc × <see cref="Columns"/>.</param>
    /// <param name="c">Top-left of the C tile.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="overwrite">Store instead of adding to C.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, long ldc, bool overwrite)
    {
        Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
        Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
        Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
        Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
        Vector256<float> c40 = Vector256<float>.Zero, c41 = Vector256<float>.Zero;
        Vector256<float> c50 = Vector256<float>.Zero, c51 = Vector256<float>.Zero;

        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Avx.LoadVector256(b);
            Vector256<float> b1 = Avx.LoadVector256(b + 8);
            Vector256<float> x = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
            a += Rows;
            b += Columns;
        }

        Store(c, c00, c01, overwrite);
        Store(c + ldc, c10, c11, overwrite);
        Store(c + (2 * ldc), c20, c21, overwrite);
        Store(c + (3 * ldc), c30, c31, overwrite);
        Store(c + (4 * ldc), c40, c41, overwrite);
        Store(c + (5 * ldc), c50, c51, overwrite);
    }

    /// <summary>As <see cref="Run"/> for a tile cut short by the edge of C: only rows × columns of it are written.</summary>
    public static void RunPartial(int kc, float* a, float* b, float* c, long ldc, bool overwrite, int rows, int columns)
    {
        float* tile = stackalloc float[Rows * Columns];
        Run(kc, a, b, tile, Columns, overwrite: true);
        WriteTile(tile, c, ldc, overwrite, rows, columns);
    }

    /// <summary>Stores (or adds) the top-left rows × columns of a full tile computed into <paramref name="tile"/> (row stride <see cref="Columns"/>).</summary>
    internal static void WriteTile(float* tile, float* c, long ldc, bool overwrite, int rows, int columns)
    {
        for (int i = 0; i < rows; i++)
        {
            float* source = tile + (i * Columns);
            float* target = c + (i * ldc);
            for (int j = 0; j < columns; j++)
            {
                target[j] = overwrite ? source[j] : target[j] + source[j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> low, Vector256<float> high, bool overwrite)
    {
        if (!overwrite)
        {
            low = Avx.Add(Avx.LoadVector256(c), low);
            high = Avx.Add(Avx.LoadVector256(c + 8), high);
        }

        Avx.Store(c, low);
        Avx.Store(c + 8, high);
    }
}
