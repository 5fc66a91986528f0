using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural;

/// <summary>
/// Single-precision matrix product C = op(A)·op(B), or C += op(A)·op(B), on row-major matrices
/// with arbitrary leading dimensions: the one GEMM the managed training engine runs on.
/// </summary>
/// <remarks>
/// <para>
/// op(A) is m × k and op(B) is k × n. Without transposition op(A)ᵢₚ = a[i·lda + p]; with it,
/// op(A)ᵢₚ = a[p·lda + i] (and likewise for B), so a dense layer's three products need no
/// transposed copy of any operand: forward Z = A·Wᵀ (B transposed), weight gradient
/// dW += δᵀ·A (A transposed) and input deltas dA = δ·W (neither).
/// </para>
/// <para>
/// The structure is the Goto/BLIS one. The k dimension is cut into blocks of
/// <see cref="BlockK"/>; for each, a panel of op(B) is packed into <see cref="MicroColumns"/>-wide
/// column strips and a block of op(A) into <see cref="MicroRows"/>-high row strips (both padded
/// with zeros), and a register-blocked micro-kernel (<see cref="GemmMicroKernel"/>) computes each
/// <see cref="MicroRows"/> × <see cref="MicroColumns"/> tile of C with FMAs in 12 vector registers.
/// Packing is where the transpositions happen, on panels small enough to stay in cache.
/// </para>
/// <para>
/// Determinism: every element of C is computed by one thread, in a fixed order — its k blocks in
/// ascending order, each summed from zero by one FMA chain over ascending p and then added to C —
/// that depends only on k, never on how rows are split among threads. Results are therefore
/// bit-identical from run to run and for any thread count. Large products (at least
/// <see cref="ParallelThreshold"/> multiply-adds) are split over row tiles among the calling thread
/// and the GEMM's own worker threads (one per further core, started once); small ones run on the
/// calling thread. Neither allocates.
/// </para>
/// <para>
/// Without hardware 256-bit vectors and FMA (<see cref="IsAccelerated"/> false) the same blocked product runs
/// a portable 128-bit micro-kernel (ARM64's AdvSimd, or SSE); with AVX-512 a 6 × 32 kernel; with no vector
/// hardware at all a plain scalar loop in the same order of summation. Every one gives the same bits, only
/// faster or slower. C must not overlap A or B.
/// </para>
/// </remarks>
internal static unsafe partial class Gemm
{
    /// <summary>Rows of C per micro-kernel tile.</summary>
    public const int MicroRows = GemmMicroKernel.Rows;

    /// <summary>Columns of C per micro-kernel tile (two 256-bit vectors).</summary>
    public const int MicroColumns = GemmMicroKernel.Columns;

    /// <summary>Length of the k blocks: one packed A row strip and B column strip fit in L1 together.</summary>
    public const int BlockK = 256;

    /// <summary>Largest row block of A packed at once (a multiple of <see cref="MicroRows"/>; about 120 KB, L2-resident).</summary>
    public const int BlockM = 120;

    /// <summary>Largest column block of B packed at once (a multiple of <see cref="MicroColumns"/>).</summary>
    public const int BlockN = 4096;

    /// <summary>Products with at least this many multiply-adds (m·n·k) are split across threads.</summary>
    public const long ParallelThreshold = 1L << 21;

    /// <summary>Whether the vectorized micro-kernel runs here (256-bit vectors with FMA).</summary>
    public static bool IsAccelerated { get; } = Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>The micro-kernels the blocked product can run; all give the same bits.</summary>
    internal enum Kernel
    {
        /// <summary>No blocked product: <see cref="RunScalar"/>.</summary>
        Scalar,

        /// <summary><see cref="GemmMicroKernel128"/> and portable packing: ARM64, or x86 when forced.</summary>
        Portable,

        /// <summary><see cref="GemmMicroKernel"/> (AVX2 + FMA).</summary>
        Avx2,

        /// <summary><see cref="GemmMicroKernel512"/> for 32-wide tiles, <see cref="GemmMicroKernel"/> for the rest.</summary>
        Avx512,
    }

    /// <summary>
    /// The kernel products run with: the widest this machine has, unless the process sets an <c>AppContext</c> switch
    /// (runtimeconfig.json's configProperties) — <c>MlNetNeural.Gemm.Portable</c> for the portable kernel (what ARM64
    /// runs), <c>MlNetNeural.Gemm.DisableAvx512</c> to stay on AVX2. Tests set it to hold every kernel to the same bits.
    /// </summary>
    internal static Kernel ActiveKernel { get; set; } = ChooseKernel();

    private static Kernel ChooseKernel()
    {
        static bool Switch(string name) => AppContext.TryGetSwitch(name, out bool on) && on;
        if (Switch("MlNetNeural.Gemm.Portable") || !IsAccelerated)
            return Vector128.IsHardwareAccelerated ? Kernel.Portable : Kernel.Scalar;
        return Avx512F.IsSupported && !Switch("MlNetNeural.Gemm.DisableAvx512") ? Kernel.Avx512 : Kernel.Avx2;
    }

    /// <summary>Computes C = op(A)·op(B), or adds it to C.</summary>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Distance between consecutive stored rows of A.</param>
    /// <param name="transposeA">Whether op(A) = Aᵀ (A is then stored k × m).</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Distance between consecutive stored rows of B.</param>
    /// <param name="transposeB">Whether op(B) = Bᵀ (B is then stored n × k).</param>
    /// <param name="c">C, m × n, row-major with leading dimension <paramref name="ldc"/>; must not overlap A or B.</param>
    /// <param name="ldc">Distance between consecutive rows of C.</param>
    /// <param name="accumulate">Add the product to C (true) or overwrite C (false).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or a leading dimension is too small.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its shape needs.</exception>
    public static void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, bool accumulate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(a), nameof(lda));
        CheckOperand(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(b), nameof(ldb));
        CheckOperand(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var operands = new Operands(pa, lda, transposeA, pb, ldb, transposeB, pc, ldc);
            if (k == 0)
            {
                if (!accumulate)
                {
                    for (int i = 0; i < m; i++)
                    {
                        new Span<float>(pc + ((long)i * ldc), n).Clear();
                    }
                }
            }
            else if (ActiveKernel != Kernel.Scalar)
            {
                RunBlocked(m, n, k, operands, accumulate);
            }
            else
            {
                RunScalar(m, n, k, operands, accumulate);
            }
        }
    }

    private static void CheckOperand(int length, int rows, int columns, int leading, string name, string leadingName)
    {
        if (rows == 0 || columns == 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(leading, leadingName);
            return;
        }

        if (leading < columns)
        {
            throw new ArgumentOutOfRangeException(leadingName, leading, $"{leadingName} must be at least {columns}, the stored width of {name}.");
        }

        long needed = ((long)(rows - 1) * leading) + columns;
        if (length < needed)
        {
            throw new ArgumentException($"{name} has {length} values but a {rows} × {columns} matrix with leading dimension {leading} needs {needed}.", name);
        }
    }

    // The scalar fallback, in the blocked path's order of summation (so it gives the same bits):
    // per k block, each element is summed from zero by an FMA chain over ascending p, then added to C.
    private static void RunScalar(int m, int n, int k, in Operands o, bool accumulate)
    {
        for (int p0 = 0; p0 < k; p0 += BlockK)
        {
            int kc = Math.Min(BlockK, k - p0);
            bool overwrite = p0 == 0 && !accumulate;
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float sum = 0;
                    for (int p = p0; p < p0 + kc; p++)
                    {
                        sum = MathF.FusedMultiplyAdd(o.A(i, p), o.B(p, j), sum);
                    }

                    float* target = o.C + ((long)i * o.Ldc) + j;
                    *target = overwrite ? sum : *target + sum;
                }
            }
        }
    }

    /// <summary>The three operands as raw pointers (the spans are pinned for the duration of the call).</summary>
    private readonly struct Operands(float* a, int lda, bool transposeA, float* b, int ldb, bool transposeB, float* c, int ldc)
    {
        public readonly float* APointer = a;
        public readonly int Lda = lda;
        public readonly bool TransposeA = transposeA;
        public readonly float* BPointer = b;
        public readonly int Ldb = ldb;
        public readonly bool TransposeB = transposeB;
        public readonly float* C = c;
        public readonly int Ldc = ldc;

        public float A(int i, int p) => TransposeA ? APointer[((long)p * Lda) + i] : APointer[((long)i * Lda) + p];

        public float B(int p, int j) => TransposeB ? BPointer[((long)j * Ldb) + p] : BPointer[((long)p * Ldb) + j];
    }
}
