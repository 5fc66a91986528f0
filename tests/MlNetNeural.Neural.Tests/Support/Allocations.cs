namespace MlNetNeural.Neural.Tests.Support;

internal static class Allocations
{
    /// <summary>
    /// Bytes the current thread allocates while running <paramref name="action"/>, the least of <paramref name="tries"/>
    /// runs. The runtime itself now and then allocates on a test's thread (a CI run once saw 6 KB inside 100 calls of an
    /// allocation-free kernel, and never again); code that allocates per call does so in every run.
    /// </summary>
    public static long Least(Action action, int tries = 3)
    {
        long least = long.MaxValue;
        for (int t = 0; t < tries && least > 0; t++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
