using MlNetNeural.Neural;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Kernels;

/// <summary>The three layer products against naive triple loops, over many shapes (vector bodies and tails).</summary>
public class DenseKernelsTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int rows in new[] { 0, 1, 3 })
        {
            foreach (int inputs in new[] { 1, 2, 7, 8, 9, 16, 17, 33 })
            {
                foreach (int outputs in new[] { 1, 5, 8 })
                {
                    data.Add(rows, inputs, outputs);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AllThreeProductsMatchNaiveLoops(int rows, int n, int m)
    {
        var random = new Random((rows * 10000) + (n * 100) + m);
        double[] a = TestData.Uniform(random, rows * n);
        double[] w = TestData.Uniform(random, m * n);
        double[] b = TestData.Uniform(random, m);
        double[] delta = TestData.Uniform(random, rows * m);
        if (delta.Length > 0)
        {
            delta[0] = 0; // a zero delta takes the skip path
        }

        var z = new double[rows * m];
        DenseKernels.Forward<double>(a, rows, n, w, b, m, z);
        double[] dW = TestData.Uniform(random, m * n); // accumulated into, so start non-zero
        double[] dW0 = (double[])dW.Clone();
        DenseBackwardKernels.AccumulateWeightGradient<double>(delta, a, rows, n, m, dW);
        double[] db = TestData.Uniform(random, m);
        double[] db0 = (double[])db.Clone();
        DenseBackwardKernels.AccumulateBiasGradient<double>(delta, rows, m, db);
        double[] dA = TestData.Uniform(random, rows * n); // overwritten, so start with garbage
        DenseBackwardKernels.BackpropagateDelta<double>(delta, rows, m, w, n, dA);

        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < m; o++)
            {
                double expected = b[o];
                for (int i = 0; i < n; i++)
                {
                    expected += a[(r * n) + i] * w[(o * n) + i];
                }

                Assert.Equal(expected, z[(r * m) + o], 12);
            }

            for (int i = 0; i < n; i++)
            {
                double expected = 0;
                for (int o = 0; o < m; o++)
                {
                    expected += delta[(r * m) + o] * w[(o * n) + i];
                }

                Assert.Equal(expected, dA[(r * n) + i], 12);
            }
        }

        for (int o = 0; o < m; o++)
        {
            double expectedB = db0[o];
            for (int r = 0; r < rows; r++)
            {
                expectedB += delta[(r * m) + o];
            }

            Assert.Equal(expectedB, db[o], 12);
            for (int i = 0; i < n; i++)
            {
                double expected = dW0[(o * n) + i];
                for (int r = 0; r < rows; r++)
                {
                    expected += delta[(r * m) + o] * a[(r * n) + i];
                }

                Assert.Equal(expected, dW[(o * n) + i], 12);
            }
        }
    }

    [Fact]
    public void ShortSpansAreRejected()
    {
        Assert.Equal("weights", Assert.Throws<ArgumentException>(
            () => DenseKernels.Forward<double>(new double[6], 2, 3, new double[5], new double[2], 2, new double[4])).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(
            () => DenseKernels.Forward<double>(new double[6], 2, 3, new double[6], new double[2], 2, new double[3])).ParamName);
        Assert.Equal("inputDeltas", Assert.Throws<ArgumentException>(
            () => DenseBackwardKernels.BackpropagateDelta<double>(new double[4], 2, 2, new double[6], 3, new double[5])).ParamName);
    }
}
