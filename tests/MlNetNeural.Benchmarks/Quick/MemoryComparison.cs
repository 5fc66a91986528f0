using Microsoft.ML;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>
/// Peak managed memory of managed-engine training on N × 64 rows (sampled every few milliseconds during
/// Fit, above the level before Fit with the data already in memory), against the raw float32 size of
/// the features; and samples/s at N against 100k rows (time should grow linearly).
/// </summary>
internal static class MemoryComparison
{
    public static void Run(Report report, int rows, int runs)
    {
        var ml = new MLContext(seed: 1);
        double small = TrainingComparison.SamplesPerSecond(ml,
            SyntheticData.ToDataView(ml, SyntheticData.Clusters(100_000, 64, 10, 19).Features, SyntheticData.Clusters(100_000, 64, 10, 19).Labels, 64, true),
            100_000, [256, 128], 256, runs, null);

        var (x, y) = SyntheticData.Clusters(rows, 64, 10, seed: 23);
        var data = SyntheticData.ToDataView(ml, x, y, 64, multiclass: true);
        x = [];
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
        var options = TrainingComparison.Options([256, 128], 256, 2, null);
        var history = ml.MulticlassClassification.Trainers.Mlp(options).Fit(data).Model.History;
        stop.Cancel();
        sampler.Wait();
        double raw = rows * 64.0 * sizeof(float);
        double large = rows / history.Epochs[^1].Seconds;
        report.Add($"peak managed memory training on {rows:N0} × 64 (MB; ÷ raw float32 {raw / 1e6:N0} MB)",
            $"{(peak - baseline) / 1e6:N0}", "—", double.NaN, Report.Format($"≤ 2× raw: {(peak - baseline) / raw:F2}×"));
        report.Add($"samples/s at {rows:N0} rows ÷ at 100,000 rows (linear time = 1.00)", $"{large:N0} / {small:N0}", "—", double.NaN,
            Report.Format($"{large / small:F2}"));
    }
}
