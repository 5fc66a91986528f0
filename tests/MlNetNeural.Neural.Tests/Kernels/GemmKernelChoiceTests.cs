using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MlNetNeural.Neural;
using Xunit;

namespace MlNetNeural.Neural.Tests.Kernels;

/// <summary>
/// Every micro-kernel the GEMM can run on this machine (scalar, portable 128-bit, AVX2, AVX-512) gives the bits of the
/// scalar loop on ragged shapes, every transposition and accumulation, and so do the single-row scorers (dense and
/// sparse) that follow the GEMM's choice: which one a machine picks never shows in a model.
/// </summary>
public class GemmKernelChoiceTests
{
    // By name: the kernel enum is internal, and a test's parameters must be public.
    public static TheoryData<string> Available()
    {
        var kernels = new TheoryData<string> { nameof(Gemm.Kernel.Scalar) };
        if (Vector128.IsHardwareAccelerated)
            kernels.Add(nameof(Gemm.Kernel.Portable));
        if (Gemm.IsAccelerated)
            kernels.Add(nameof(Gemm.Kernel.Avx2));
        if (Gemm.IsAccelerated && Avx512F.IsSupported)
            kernels.Add(nameof(Gemm.Kernel.Avx512));
        return kernels;
    }

    [Fact]
    public void The_machine_runs_its_widest_kernel()
    {
        var expected = !Gemm.IsAccelerated ? (Vector128.IsHardwareAccelerated ? Gemm.Kernel.Portable : Gemm.Kernel.Scalar)
            : Avx512F.IsSupported ? Gemm.Kernel.Avx512 : Gemm.Kernel.Avx2;
        Assert.Equal(expected, Gemm.ActiveKernel);
    }

    [Theory]
    [MemberData(nameof(Available))]
    public void Every_kernel_gives_the_scalar_loops_bits(string name)
    {
        var kernel = Enum.Parse<Gemm.Kernel>(name);
        var random = new Random(11);
        foreach (var (m, n, k) in new[] { (6, 32, 7), (13, 70, 300), (40, 33, 17), (7, 96, 513), (100, 64, 256) })
        {
            foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            foreach (bool accumulate in new[] { false, true })
            {
                float[] a = Values(random, m * k), b = Values(random, k * n), start = Values(random, m * n);
                float[] expected = Product(Gemm.Kernel.Scalar, m, n, k, a, ta, b, tb, start, accumulate);
                float[] actual = Product(kernel, m, n, k, a, ta, b, tb, start, accumulate);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{kernel}: {m}×{n}×{k}, ta {ta}, tb {tb}, accumulate {accumulate}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Available))]
    public void Every_kernel_scores_a_row_dense_or_sparse_to_the_scalar_loops_bits(string name)
    {
        var kernel = Enum.Parse<Gemm.Kernel>(name);
        var random = new Random(12);
        // Widths that take every part of each kernel: whole vectors, a 128-column chunk and the 8-, 4- and 1-wide tails;
        // the densities below 1 % put most non-zeros alone in their 256-slot block, with runs of lone ones between
        // blocks of several (the AVX2 path keeps its sums in registers over such runs, up to 104 outputs).
        foreach (var (k, n, density) in new[]
        {
            (7, 3, 0.3), (65, 17, 0.3), (300, 130, 0.3), (600, 256, 0.3), (40, 64, 0.3), (500, 100, 0.3), (90, 29, 0.3), (50, 15, 0.3),
            (260, 143, 0.3), (30_000, 100, 0.006), (30_000, 104, 0.004), (30_000, 105, 0.004), (20_000, 7, 0.005), (20_000, 64, 0.01),
        })
        {
            float[] input = Values(random, k), wt = Values(random, k * n), biases = Values(random, n);
            int[] indices = Enumerable.Range(0, k).Where(_ => random.NextDouble() < density).ToArray();
            float[] values = Values(random, indices.Length);
            float[] Score(Gemm.Kernel chosen, bool sparse) => WithKernel(chosen, () =>
            {
                // Sentinels after the outputs: no kernel may change anything past the row (a store at a wrong offset).
                // A store of the masked lanes themselves would write back the unchanged sentinel, as they sum zeros.
                var buffer = Enumerable.Repeat(float.NaN, n + 16).ToArray();
                var output = buffer.AsSpan(0, n);
                if (sparse)
                    SparseMatrixVector.MultiplyAdd(indices, values, wt, biases, output);
                else
                    MatrixVector.MultiplyAdd(input, wt, biases, output);
                Assert.All(buffer.Skip(n), v => Assert.True(float.IsNaN(v), $"{chosen} wrote past the {n} outputs"));
                return output.ToArray();
            });
            foreach (bool sparse in new[] { false, true })
                Assert.True(Score(Gemm.Kernel.Scalar, sparse).AsSpan().SequenceEqual(Score(kernel, sparse)), $"{kernel}: {k} → {n}, sparse {sparse}");
        }
    }

    private static float[] WithKernel(Gemm.Kernel kernel, Func<float[]> run)
    {
        var previous = Gemm.ActiveKernel;
        Gemm.ActiveKernel = kernel; // every kernel gives the same bits, so tests running meanwhile are unaffected
        try
        {
            return run();
        }
        finally
        {
            Gemm.ActiveKernel = previous;
        }
    }

    private static float[] Product(Gemm.Kernel kernel, int m, int n, int k, float[] a, bool ta, float[] b, bool tb, float[] start, bool accumulate)
    {
        return WithKernel(kernel, () =>
        {
            var c = (float[])start.Clone();
            Gemm.Multiply(m, n, k, a, ta ? m : k, ta, b, tb ? k : n, tb, c, n, accumulate);
            return c;
        });
    }

    private static float[] Values(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
}
