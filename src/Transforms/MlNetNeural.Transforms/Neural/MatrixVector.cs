using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MlNetNeural.Memory;

namespace MlNetNeural.Neural;

/// <summary>
/// One dense layer applied to one example, z = W·a + b, in exactly the order of summation
/// <see cref="Gemm"/> uses for the batched Z = A·Wᵀ + b of <see cref="DenseKernels.Forward{T}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Single-row prediction (<c>PredictionEngine</c>, a <c>Transform</c> cursor) runs here, batched scoring
/// and training run on the GEMM; because every output is summed the same way — z starts as the bias and,
/// for each <see cref="Gemm.BlockK"/>-long block of inputs in ascending order, gets the block's FMA chain
/// (started from zero, over ascending inputs) added to it — a model scores every row to the same bits
/// whichever path it takes.
/// </para>
/// <para>
/// The weights are read transposed (in × out, see <see cref="Transpose"/>) so that consecutive outputs are
/// consecutive in memory: each input broadcasts once and feeds eight independent 256-bit FMA chains
/// (64 outputs), enough to keep both FMA units busy without a horizontal reduction; where the GEMM runs its
/// AVX-512 kernel, eight 512-bit chains (128 outputs) first. Without 256-bit vectors and FMA the same chains
/// run in 128-bit chains where the GEMM runs its portable kernel (ARM64), and as scalar FMAs with no vectors
/// at all, as <see cref="Gemm"/>'s own fallback does.
/// </para>
/// </remarks>
internal static unsafe partial class MatrixVector
{
    private const int Lanes = 8;
    private const int WideColumns = 8 * Lanes;
    private const int WiderColumns = 8 * 16; // eight 512-bit chains
    private const int PortableColumns = 4 * 4; // four 128-bit chains

    /// <summary>Copies a row-major out × in weight matrix into the in × out layout <see cref="MultiplyAdd"/> reads.</summary>
    /// <param name="weights">W, <paramref name="outputSize"/> × <paramref name="inputSize"/>, row-major.</param>
    /// <param name="outputSize">Rows of W.</param>
    /// <param name="inputSize">Columns of W.</param>
    /// <returns>Wᵀ, <paramref name="inputSize"/> × <paramref name="outputSize"/>, row-major.</returns>
    /// <exception cref="ArgumentException">The span's length is not <paramref name="outputSize"/> · <paramref name="inputSize"/>.</exception>
    public static float[] Transpose(ReadOnlySpan<float> weights, int outputSize, int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outputSize);
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        if (weights.Length != outputSize * inputSize)
        {
            throw new ArgumentException($"weights must have {outputSize} × {inputSize} values but has {weights.Length}.", nameof(weights));
        }

        var transposed = LargeArrays.Zeroed<float>(weights.Length); // a sparse model's first layer is read at random rows
        for (int o = 0; o < outputSize; o++)
        {
            for (int i = 0; i < inputSize; i++)
            {
                transposed[(i * outputSize) + o] = weights[(o * inputSize) + i];
            }
        }

        return transposed;
    }

    /// <summary>Computes z = W·a + b for one example without allocating.</summary>
    /// <param name="input">a, the layer's inputs.</param>
    /// <param name="transposedWeights">Wᵀ, input length × output length, as <see cref="Transpose"/> writes it.</param>
    /// <param name="biases">b, one per output.</param>
    /// <param name="output">z, overwritten; must not overlap the other spans.</param>
    /// <exception cref="ArgumentException">A span's length does not match the others.</exception>
    public static void MultiplyAdd(ReadOnlySpan<float> input, ReadOnlySpan<float> transposedWeights, ReadOnlySpan<float> biases, Span<float> output)
    {
        int n = output.Length, k = input.Length;
        if (biases.Length != n)
        {
            throw new ArgumentException($"biases must have {n} values, one per output, but has {biases.Length}.", nameof(biases));
        }

        if (transposedWeights.Length != k * n)
        {
            throw new ArgumentException($"transposedWeights must have {k} × {n} values but has {transposedWeights.Length}.", nameof(transposedWeights));
        }

        biases.CopyTo(output);
        var kernel = Gemm.ActiveKernel;
        fixed (float* a = input, wt = transposedWeights, z = output)
        {
            for (int p0 = 0; p0 < k; p0 += Gemm.BlockK)
            {
                int kc = Math.Min(Gemm.BlockK, k - p0);
                int j = 0;
                if (kernel == Gemm.Kernel.Avx512)
                {
                    for (; j + WiderColumns <= n; j += WiderColumns)
                    {
                        AddBlockWider(a + p0, kc, wt + ((long)p0 * n) + j, n, z + j);
                    }
                }

                if (kernel == Gemm.Kernel.Portable)
                {
                    for (; j + PortableColumns <= n; j += PortableColumns)
                    {
                        AddBlockPortable(a + p0, kc, wt + ((long)p0 * n) + j, n, z + j);
                    }
                }

                if (kernel is Gemm.Kernel.Avx2 or Gemm.Kernel.Avx512)
                {
                    for (; j + WideColumns <= n; j += WideColumns)
                    {
                        AddBlockWide(a + p0, kc, wt + ((long)p0 * n) + j, n, z + j);
                    }

                    if (j < n)
                    {
                        AddBlockTail(a + p0, kc, wt + ((long)p0 * n) + j, n, z + j, n - j);
                        j = n;
                    }
                }

                for (; j < n; j++)
                {
                    AddBlockScalar(a + p0, kc, wt + ((long)p0 * n) + j, n, z + j);
                }
            }
        }
    }

    // z[0..64) += Σₚ a[p]·wt[p·n + 0..64), each of the 64 sums one FMA chain from zero.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBlockWide(float* a, int kc, float* wt, int n, float* z)
    {
        Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero, s2 = Vector256<float>.Zero, s3 = Vector256<float>.Zero;
        Vector256<float> s4 = Vector256<float>.Zero, s5 = Vector256<float>.Zero, s6 = Vector256<float>.Zero, s7 = Vector256<float>.Zero;
        for (int p = 0; p < kc; p++, wt += n)
        {
            Vector256<float> x = Vector256.Create(a[p]);
            s0 = Fma.MultiplyAdd(x, Avx.LoadVector256(wt), s0);
            s1 = Fma.MultiplyAdd(x, Avx.LoadVector256(wt + 8), s1);
            s2 = Fma.MultiplyAdd(x, Avx.LoadVector256(wt + 16), s2);
            s3 = Fma.MultiplyAdd(x, Avx.LoadVector256(wt + 24), s3);
            s4 = Fma.MultiplyAdd(x, Avx.LoadVector256(wt + 32), s4);
            s5 = Fma.MultiplyAdd(x, Avx.LoadVector256(wt + 40), s5);
            s6 = Fma.MultiplyAdd(x, Avx.LoadVector256(wt + 48), s6);
            s7 = Fma.MultiplyAdd(x, Avx.LoadVector256(wt + 56), s7);
        }

        Add(z, s0);
        Add(z + 8, s1);
        Add(z + 16, s2);
        Add(z + 24, s3);
        Add(z + 32, s4);
        Add(z + 40, s5);
        Add(z + 48, s6);
        Add(z + 56, s7);
    }

    // With AVX-512: z[0..128) += Σₚ a[p]·wt[p·n + 0..128), the same chains as AddBlockWide, twice as many per instruction.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBlockWider(float* a, int kc, float* wt, int n, float* z)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int p = 0; p < kc; p++, wt += n)
        {
            Vector512<float> x = Vector512.Create(a[p]);
            s0 = Avx512F.FusedMultiplyAdd(x, Avx512F.LoadVector512(wt), s0);
            s1 = Avx512F.FusedMultiplyAdd(x, Avx512F.LoadVector512(wt + 16), s1);
            s2 = Avx512F.FusedMultiplyAdd(x, Avx512F.LoadVector512(wt + 32), s2);
            s3 = Avx512F.FusedMultiplyAdd(x, Avx512F.LoadVector512(wt + 48), s3);
            s4 = Avx512F.FusedMultiplyAdd(x, Avx512F.LoadVector512(wt + 64), s4);
            s5 = Avx512F.FusedMultiplyAdd(x, Avx512F.LoadVector512(wt + 80), s5);
            s6 = Avx512F.FusedMultiplyAdd(x, Avx512F.LoadVector512(wt + 96), s6);
            s7 = Avx512F.FusedMultiplyAdd(x, Avx512F.LoadVector512(wt + 112), s7);
        }

        Avx512F.Store(z, Avx512F.Add(Avx512F.LoadVector512(z), s0));
        Avx512F.Store(z + 16, Avx512F.Add(Avx512F.LoadVector512(z + 16), s1));
        Avx512F.Store(z + 32, Avx512F.Add(Avx512F.LoadVector512(z + 32), s2));
        Avx512F.Store(z + 48, Avx512F.Add(Avx512F.LoadVector512(z + 48), s3));
        Avx512F.Store(z + 64, Avx512F.Add(Avx512F.LoadVector512(z + 64), s4));
        Avx512F.Store(z + 80, Avx512F.Add(Avx512F.LoadVector512(z + 80), s5));
        Avx512F.Store(z + 96, Avx512F.Add(Avx512F.LoadVector512(z + 96), s6));
        Avx512F.Store(z + 112, Avx512F.Add(Avx512F.LoadVector512(z + 112), s7));
    }

    // The portable kernel's (ARM64): z[0..16) += Σₚ a[p]·wt[p·n + 0..16) in four 128-bit chains, the same chains again.
    private static void AddBlockPortable(float* a, int kc, float* wt, int n, float* z)
    {
        Vector128<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int p = 0; p < kc; p++, wt += n)
        {
            Vector128<float> x = Vector128.Create(a[p]);
            s0 = Vector128.FusedMultiplyAdd(x, Vector128.Load(wt), s0);
            s1 = Vector128.FusedMultiplyAdd(x, Vector128.Load(wt + 4), s1);
            s2 = Vector128.FusedMultiplyAdd(x, Vector128.Load(wt + 8), s2);
            s3 = Vector128.FusedMultiplyAdd(x, Vector128.Load(wt + 12), s3);
        }

        (Vector128.Load(z) + s0).Store(z);
        (Vector128.Load(z + 4) + s1).Store(z + 4);
        (Vector128.Load(z + 8) + s2).Store(z + 8);
        (Vector128.Load(z + 12) + s3).Store(z + 12);
    }

    private static void AddBlockScalar(float* a, int kc, float* wt, int n, float* z)
    {
        float s = 0;
        for (int p = 0; p < kc; p++, wt += n)
        {
            s = MathF.FusedMultiplyAdd(a[p], *wt, s);
        }

        *z += s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* z, Vector256<float> sum) => Avx.Store(z, Avx.Add(Avx.LoadVector256(z), sum));
}
