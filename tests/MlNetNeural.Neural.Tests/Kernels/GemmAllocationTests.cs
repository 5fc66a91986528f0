using MlNetNeural.Neural;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Kernels;

/// <summary>
/// The GEMM's parallel path allocates nothing on any thread. Counted process-wide, so it runs in a
/// collection of its own that no other test runs beside.
/// </summary>
[Collection(Name)]
public class GemmAllocationTests
{
    public const string Name = "Process-wide allocation counts";

    [Fact]
    public void LargeProductAllocatesNothingOnAnyThread()
    {
        var random = new Random(9);
        const int m = 256, n = 256, k = 256; // above the parallel threshold: split among the worker threads
        float[] a = RandomFloats(random, m * k);
        float[] b = RandomFloats(random, n * k);
        var c = new float[m * n];
        Gemm.Multiply(m, n, k, a, k, false, b, k, true, c, n, accumulate: false); // warm-up: workers and buffers
        // The count is process-wide, so the test runner's own threads can add to it (once 1,344 bytes in a CI run):
        // the fewest bytes of five trials is the GEMM's, and a trial is 500 products, so a GEMM that allocated even
        // one small object per call (24 bytes or more) would show 12,000 bytes or more in every trial.
        const int products = 500, bound = 4096;
        long allocated = long.MaxValue;
        for (int trial = 0; trial < 5 && allocated > bound; trial++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < products; i++)
            {
                Gemm.Multiply(m, n, k, a, k, false, b, k, true, c, n, accumulate: false);
            }

            allocated = Math.Min(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        Assert.True(allocated <= bound, $"{products} parallel products allocated {allocated} bytes (fewest of five trials).");
    }

    private static float[] RandomFloats(Random random, int length) => TestData.ToFloat(TestData.Uniform(random, length));
}

/// <summary>Tests that must not run beside any other.</summary>
[CollectionDefinition(GemmAllocationTests.Name, DisableParallelization = true)]
public sealed class ProcessWideAllocationCollection
{
}
