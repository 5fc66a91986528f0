using MlNetNeural.Neural;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Kernels;

/// <summary>
/// <see cref="MatrixVector"/>: the single-row layer must give the GEMM's bits for the same row (alone or
/// inside a batch), at every awkward width — around the vector width (8), the wide block (64) and the
/// GEMM's k block (256) — and be close to a double-precision reference.
/// </summary>
public class MatrixVectorTests
{
    private static readonly int[] Inputs = [1, 2, 7, 8, 9, 63, 64, 65, 255, 256, 257, 600];
    private static readonly int[] Outputs = [1, 3, 7, 8, 9, 15, 16, 63, 64, 65, 72, 130, 256];

    [Fact]
    public void EveryShapeGivesTheGemmBitsForTheSameRow()
    {
        var random = new Random(1);
        const int rows = 7;
        foreach (int k in Inputs)
        {
            foreach (int n in Outputs)
            {
                float[] a = Uniform(random, rows * k, -2, 2);
                float[] w = Uniform(random, n * k, -1, 1);
                float[] b = Uniform(random, n, -1, 1);
                float[] wt = MatrixVector.Transpose(w, n, k);

                var batch = new float[rows * n];
                DenseKernels.Forward<float>(a, rows, k, w, b, n, batch);
                var one = new float[n];
                for (int r = 0; r < rows; r++)
                {
                    MatrixVector.MultiplyAdd(a.AsSpan(r * k, k), wt, b, one);
                    Assert.True(batch.AsSpan(r * n, n).SequenceEqual(one), $"k = {k}, n = {n}, row {r}: single-row bits differ from the GEMM's.");
                }

                // A one-row GEMM call, too (the edge tiles of the micro-kernel).
                var gemmOne = new float[n];
                DenseKernels.Forward<float>(a.AsSpan(0, k), 1, k, w, b, n, gemmOne);
                MatrixVector.MultiplyAdd(a.AsSpan(0, k), wt, b, one);
                Assert.Equal(gemmOne, one);
            }
        }
    }

    [Fact]
    public void MatchesADoublePrecisionReference()
    {
        var random = new Random(2);
        foreach (int k in Inputs)
        {
            foreach (int n in Outputs)
            {
                float[] a = Uniform(random, k, -2, 2);
                float[] w = Uniform(random, n * k, -1, 1);
                float[] b = Uniform(random, n, -1, 1);
                var z = new float[n];
                MatrixVector.MultiplyAdd(a, MatrixVector.Transpose(w, n, k), b, z);
                for (int o = 0; o < n; o++)
                {
                    double expected = b[o], magnitude = Math.Abs(b[o]);
                    for (int i = 0; i < k; i++)
                    {
                        expected += (double)a[i] * w[(o * k) + i];
                        magnitude += Math.Abs((double)a[i] * w[(o * k) + i]);
                    }

                    Assert.True(Math.Abs(expected - z[o]) <= 1e-6 * (1 + magnitude), $"k = {k}, n = {n}, output {o}: {z[o]} vs {expected}.");
                }
            }
        }
    }

    [Fact]
    public void TransposeSwapsRowsAndColumns()
    {
        float[] w = [1, 2, 3, 4, 5, 6]; // 2 outputs × 3 inputs
        Assert.Equal([1f, 4, 2, 5, 3, 6], MatrixVector.Transpose(w, 2, 3));
    }

    [Fact]
    public void DoesNotAllocate()
    {
        var random = new Random(3);
        float[] a = Uniform(random, 64, -1, 1), wt = Uniform(random, 64 * 256, -1, 1), b = new float[256], z = new float[256];
        MatrixVector.MultiplyAdd(a, wt, b, z);
        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                MatrixVector.MultiplyAdd(a, wt, b, z);
            }
        }));
    }

    [Fact]
    public void WrongLengthsNameTheSpan()
    {
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => MatrixVector.Transpose(new float[5], 2, 3)).ParamName);
        Assert.Equal("biases", Assert.Throws<ArgumentException>(() => MatrixVector.MultiplyAdd(new float[3], new float[6], new float[3], new float[2])).ParamName);
        Assert.Equal("transposedWeights", Assert.Throws<ArgumentException>(() => MatrixVector.MultiplyAdd(new float[3], new float[5], new float[2], new float[2])).ParamName);
    }

    private static float[] Uniform(Random random, int length, double low, double high) => TestData.ToFloat(TestData.Uniform(random, length, low, high));
}
