using System.Diagnostics;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>Timing helpers: each sample repeats an action until it has run long enough; the median of the samples is reported.</summary>
internal static class Measure
{
    /// <summary>Median seconds per call of <paramref name="action"/>, over <paramref name="runs"/> samples of at least <paramref name="minSeconds"/> each.</summary>
    public static double SecondsPerCall(Action action, int runs, double minSeconds = 0.2)
    {
        action(); // warm-up (JIT, buffers)
        var samples = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long calls = 0;
            var clock = Stopwatch.StartNew();
            do
            {
                action();
                calls++;
            }
            while (clock.Elapsed.TotalSeconds < minSeconds);
            samples[r] = clock.Elapsed.TotalSeconds / calls;
        }
        return Median(samples);
    }

    /// <summary>Median over <paramref name="runs"/> calls of the seconds each took, after one warm-up call.</summary>
    public static double MedianSeconds(Action action, int runs, bool warmUp = true)
    {
        if (warmUp)
            action();
        var samples = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            samples[r] = clock.Elapsed.TotalSeconds;
        }
        return Median(samples);
    }

    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
