using Microsoft.ML;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>
/// Peak managed memory of managed-engine training on N × 64 rows (sampled every few milliseconds during
/// Fit, above the level before Fit with the data already in memory), against the raw float32 size of
/// the features; and samples/s at N against 100k rows (time should grow linearly), in alternating pairs of fits.
/// </summary>
internal static class MemoryComparison
{
    public static void Run(Report report, int rows, int runs)
    {
        var ml = new MLContext(seed: 1);
        var (smallX, smallY) = SyntheticData.Clusters(100_000, 64, 10, 19);
        var small = SyntheticData.ToDataView(ml, smallX, smallY, 64, true);
        var (x, y) = SyntheticData.Clusters(rows, 64, 10, seed: 23);
        var data = SyntheticData.ToDataView(ml, x, y, 64, multiclass: true);
        x = [];
        double raw = rows * 64.0 * sizeof(float);
        double peak = PeakFitMemory(ml, data);
        report.Add($"peak managed memory training on {rows:N0} × 64 (MB; ÷ raw float32 {raw / 1e6:N0} MB)",
            $"{peak / 1e6:N0}", "—", double.NaN, Report.Format($"≤ 2× raw: {peak / raw:F2}×"));

        // Paired: a 100k fit, then a fit on all the rows, each timed by its second epoch, so the machine's drift (±30 %
        // on a shared VM within minutes) moves both sides of a pair alike; the median pair is reported, and the range.
        var ratios = new double[runs];
        double smallRate = 0, largeRate = 0;
        for (int r = 0; r < runs; r++)
        {
            smallRate = 100_000 / SecondEpochSeconds(ml, small);
            largeRate = rows / SecondEpochSeconds(ml, data);
            ratios[r] = largeRate / smallRate;
        }
        report.Add($"samples/s at {rows:N0} rows ÷ at 100,000 rows (linear time = 1.00; median of {runs} pairs)",
            $"{largeRate:N0} / {smallRate:N0} (last pair)", "—", double.NaN,
            Report.Format($"{Measure.Median(ratios):F2} (pairs {ratios.Min():F2}–{ratios.Max():F2})"));
    }

    private static double SecondEpochSeconds(MLContext ml, IDataView data) =>
        ml.MulticlassClassification.Trainers.Mlp(TrainingComparison.Options([256, 128], 256, 2, null)).Fit(data).Model.History.Epochs[^1].Seconds;

    // The largest managed heap during a fit, above the level before it with the data already in memory.
    private static double PeakFitMemory(MLContext ml, IDataView data)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                Thread.Sleep(2);
            }
        });
        ml.MulticlassClassification.Trainers.Mlp(TrainingComparison.Options([256, 128], 256, 2, null)).Fit(data);
        stop.Cancel();
        sampler.Wait();
        return peak - baseline;
    }
}
