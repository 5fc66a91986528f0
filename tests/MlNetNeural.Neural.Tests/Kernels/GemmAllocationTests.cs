using MlNetNeural.Neural;
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
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 50; i++)
        {
            Gemm.Multiply(m, n, k, a, k, false, b, k, true, c, n, accumulate: false);
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated <= 1024, $"50 parallel products allocated {allocated} bytes.");
    }

    private static float[] RandomFloats(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}

/// <summary>Tests that must not run beside any other.</summary>
[CollectionDefinition(GemmAllocationTests.Name, DisableParallelization = true)]
public sealed class ProcessWideAllocationCollection
{
}
