using MlNetNeural.Neural;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Kernels;

/// <summary>
/// <see cref="Gemm.Multiply"/> against a naive double-precision product at every awkward size, with
/// every transposition, odd leading dimensions and offsets; and bit for bit against its documented
/// order of summation, which is what makes it deterministic whatever the thread count.
/// </summary>
public class GemmTests
{
    // Around the micro-tile (6 × 16), the row block (120), the k block (256) and vector widths (8).
    private static readonly int[] Spread = [0, 1, 2, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 64, 95, 96, 97, 119, 120, 121, 127, 128, 129, 200, 255, 256];

    [Fact]
    public void EverySmallShapeMatchesNaiveProduct()
    {
        // All m, n in 0..33 with k over a spread, and all k in 0..33 with m, n over a spread.
        int[] someK = [0, 1, 2, 3, 7, 8, 9, 16, 17, 33];
        int[] someMn = [0, 1, 5, 6, 7, 16, 17, 33];
        var random = new Random(1);
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                for (int m = 0; m <= 33; m++)
                {
                    for (int n = 0; n <= 33; n++)
                    {
                        CheckAgainstNaive(random, m, n, someK[(m + n) % someK.Length], ta, tb, accumulate: (m + n) % 2 == 0);
                    }
                }

                for (int k = 0; k <= 33; k++)
                {
                    foreach (int m in someMn)
                    {
                        foreach (int n in someMn)
                        {
                            CheckAgainstNaive(random, m, n, k, ta, tb, accumulate: k % 2 == 0);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void SizesUpTo256MatchNaiveProduct()
    {
        var random = new Random(2);
        for (int i = 0; i < Spread.Length; i++)
        {
            // Each size appears in each dimension, paired with sizes from elsewhere in the spread.
            int m = Spread[i];
            int n = Spread[(i * 7 + 3) % Spread.Length];
            int k = Spread[(i * 11 + 5) % Spread.Length];
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    CheckAgainstNaive(random, m, n, k, ta, tb, accumulate: false);
                    CheckAgainstNaive(random, n, k, m, ta, tb, accumulate: true);
                    CheckAgainstNaive(random, k, m, n, ta, tb, accumulate: i % 2 == 0);
                }
            }
        }
    }

    [Theory]
    [InlineData(256, 256, 256)] // the parallel path, one k block
    [InlineData(241, 130, 300)] // ragged tiles, two k blocks
    [InlineData(7, 40, 600)]    // few rows, three k blocks
    [InlineData(300, 9, 513)]   // narrow C, three k blocks
    public void LargeShapesMatchNaiveProduct(int m, int n, int k)
    {
        var random = new Random(m + n + k);
        CheckAgainstNaive(random, m, n, k, false, true, accumulate: false);
        CheckAgainstNaive(random, m, n, k, true, false, accumulate: true);
    }

    [Fact]
    public void WideProductCrossesTheColumnBlock()
    {
        CheckAgainstNaive(new Random(3), 7, Gemm.BlockN + 21, 5, false, false, accumulate: true);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void OddStridesAndOffsetsTouchOnlyTheirElements(bool ta, bool tb)
    {
        var random = new Random(4);
        foreach ((int m, int n, int k) in new[] { (1, 1, 1), (7, 17, 9), (13, 33, 31), (50, 70, 260) })
        {
            CheckAgainstNaive(random, m, n, k, ta, tb, accumulate: false, padding: 3, offset: 5);
            CheckAgainstNaive(random, m, n, k, ta, tb, accumulate: true, padding: 1, offset: 1);
        }
    }

    [Theory]
    [InlineData(13, 17, 300, false)]
    [InlineData(256, 256, 256, true)]
    [InlineData(250, 130, 520, true)]
    public void ResultIsBitIdenticalToTheDocumentedOrderOfSummation(int m, int n, int k, bool accumulate)
    {
        // Per k block of Gemm.BlockK: summed from zero by one FMA chain over ascending p, then added to C.
        // The order depends only on k, so any split of the rows among threads gives these bits.
        var random = new Random(5);
        float[] a = RandomFloats(random, m * k);
        float[] b = RandomFloats(random, n * k);
        float[] c = RandomFloats(random, m * n);
        float[] expected = (float[])c.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int p0 = 0; p0 < k; p0 += Gemm.BlockK)
                {
                    float sum = 0;
                    for (int p = p0; p < Math.Min(k, p0 + Gemm.BlockK); p++)
                    {
                        sum = MathF.FusedMultiplyAdd(a[(i * k) + p], b[(j * k) + p], sum);
                    }

                    expected[(i * n) + j] = p0 == 0 && !accumulate ? sum : expected[(i * n) + j] + sum;
                }
            }
        }

        Gemm.Multiply(m, n, k, a, k, false, b, k, true, c, n, accumulate);
        Assert.Equal(Bits(expected), Bits(c));
    }

    [Fact]
    public void RepeatedRunsGiveIdenticalBits()
    {
        var random = new Random(6);
        const int m = 512, n = 384, k = 320;
        float[] a = RandomFloats(random, m * k);
        float[] b = RandomFloats(random, k * n);
        var first = new float[m * n];
        var second = new float[m * n];
        Gemm.Multiply(m, n, k, a, m, true, b, n, false, first, n, accumulate: false);
        for (int run = 0; run < 3; run++)
        {
            Gemm.Multiply(m, n, k, a, m, true, b, n, false, second, n, accumulate: false);
            Assert.Equal(Bits(first), Bits(second));
        }
    }

    [Fact]
    public void ProductsRunningOnSeveralThreadsAtOnceGiveTheBitsOfOneAlone()
    {
        // One caller at a time gets the worker threads; the others compute their tiles alone. Either way the bits agree.
        var random = new Random(8);
        const int m = 300, n = 200, k = 260;
        float[] a = RandomFloats(random, m * k);
        float[] b = RandomFloats(random, n * k);
        var alone = new float[m * n];
        Gemm.Multiply(m, n, k, a, k, false, b, k, true, alone, n, accumulate: false);
        var results = new float[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, r =>
        {
            var c = new float[m * n];
            for (int repeat = 0; repeat < 5; repeat++)
            {
                Gemm.Multiply(m, n, k, a, k, false, b, k, true, c, n, accumulate: false);
            }

            results[r] = c;
        });
        Assert.All(results, c => Assert.Equal(Bits(alone), Bits(c)));
    }

    [Fact]
    public void EmptyKOverwritesOrKeepsC()
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.Multiply(2, 3, 0, [], 0, false, [], 3, false, c, 3, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c);
        Gemm.Multiply(2, 3, 0, [], 0, false, [], 3, false, c, 3, accumulate: false);
        Assert.Equal(new float[6], c);
    }

    [Fact]
    public void BadShapesAreRejectedWithTheOperandNamed()
    {
        var x = new float[12];
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(-1, 2, 2, x, 2, false, x, 2, false, x, 2, false)).ParamName);
        Assert.Equal("lda", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(2, 2, 3, x, 2, false, x, 2, false, x, 2, false)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 2, 3, x, 3, false, new float[5], 2, false, x, 2, false)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => Gemm.Multiply(3, 4, 2, x, 2, false, x, 4, false, new float[11], 4, false)).ParamName);
    }

    [Fact]
    public void SmallProductDoesNotAllocate()
    {
        var random = new Random(7);
        float[] a = RandomFloats(random, 32 * 64);
        float[] b = RandomFloats(random, 64 * 64);
        var c = new float[32 * 64];
        void Products()
        {
            for (int i = 0; i < 100; i++)
            {
                Gemm.Multiply(32, 64, 64, a, 64, false, b, 64, true, c, 64, accumulate: false);
                Gemm.Multiply(64, 64, 32, c, 64, true, a, 64, false, b, 64, accumulate: true);
            }
        }

        Products(); // warm-up of both shapes: JIT and packing buffers
        // The least of three runs: a tier-up of the JIT in a run shows as bytes that are not the kernel's.
        Assert.Equal(0, Allocations.Least(Products));
    }

    private static void CheckAgainstNaive(Random random, int m, int n, int k, bool ta, bool tb, bool accumulate, int padding = 0, int offset = 0)
    {
        // Stored shapes: A is m × k (k × m transposed), B is k × n (n × k transposed); rows padded, spans offset.
        int aRows = ta ? k : m, aColumns = ta ? m : k;
        int bRows = tb ? n : k, bColumns = tb ? k : n;
        int lda = aColumns + padding, ldb = bColumns + padding, ldc = n + padding;
        float[] a = RandomFloats(random, offset + (aRows * lda));
        float[] b = RandomFloats(random, offset + (bRows * ldb));
        float[] c = RandomFloats(random, offset + (m * ldc));
        float[] before = (float[])c.Clone();

        Gemm.Multiply(m, n, k, a.AsSpan(offset), lda, ta, b.AsSpan(offset), ldb, tb, c.AsSpan(offset), ldc, accumulate);

        for (int index = 0; index < c.Length; index++)
        {
            int i = (index - offset) / Math.Max(ldc, 1), j = (index - offset) % Math.Max(ldc, 1);
            bool inside = index >= offset && i < m && j < n;
            if (!inside)
            {
                Assert.True(BitConverter.SingleToInt32Bits(before[index]) == BitConverter.SingleToInt32Bits(c[index]),
                    $"{m}×{n}×{k} (ta {ta}, tb {tb}): element {index} outside C was changed.");
                continue;
            }

            double sum = accumulate ? before[index] : 0, magnitude = Math.Abs(sum);
            for (int p = 0; p < k; p++)
            {
                double x = ta ? a[offset + (p * lda) + i] : a[offset + (i * lda) + p];
                double y = tb ? b[offset + (j * ldb) + p] : b[offset + (p * ldb) + j];
                sum += x * y;
                magnitude += Math.Abs(x * y);
            }

            double tolerance = ((k + 2) * 1.2e-7 * magnitude) + 1e-30;
            Assert.True(Math.Abs(c[index] - sum) <= tolerance,
                $"{m}×{n}×{k} (ta {ta}, tb {tb}, acc {accumulate}): C[{i},{j}] = {c[index]:R}, expected {sum:R} ± {tolerance:G3}.");
        }
    }

    private static float[] RandomFloats(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
