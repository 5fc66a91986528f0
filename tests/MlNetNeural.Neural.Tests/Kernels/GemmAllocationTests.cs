using MlNetNeural.Neural;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Kernels;

/// <summary>
/// The GEMM's parallel path allocates nothing on any thread it uses. Runs in a collection of its own so that no
/// other test's product takes the helper threads while it counts.
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
        // Counted per thread (this one and the GEMM's helpers), so the test runner's own threads cannot add to it: a
        // process-wide count did, by up to 7,728 bytes in a CI run.
        const int products = 500;
        long before = GC.GetAllocatedBytesForCurrentThread() + Gemm.HelperThreadsAllocatedBytes;
        for (int i = 0; i < products; i++)
        {
            Gemm.Multiply(m, n, k, a, k, false, b, k, true, c, n, accumulate: false);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() + Gemm.HelperThreadsAllocatedBytes - before;
        Assert.Equal(0, allocated);
    }

    private static float[] RandomFloats(Random random, int length) => TestData.ToFloat(TestData.Uniform(random, length));
}

/// <summary>Tests that must not run beside any other.</summary>
[CollectionDefinition(GemmAllocationTests.Name, DisableParallelization = true)]
public sealed class ProcessWideAllocationCollection
{
}
