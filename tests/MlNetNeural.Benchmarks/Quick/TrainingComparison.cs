using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.TorchSharp;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>
/// Training samples/s through the ML.NET trainer, managed engine against the TorchSharp backend on the
/// same data, seed and options, in alternating (paired) fits; a fit's time is its median epoch after
/// the first (warm-up) epoch.
/// </summary>
internal static class TrainingComparison
{
    public static void Run(Report report, int runs)
    {
        var ml = new MLContext(seed: 1);
        var (x, y) = SyntheticData.Clusters(100_000, 64, 10, seed: 17);
        var data = SyntheticData.ToDataView(ml, x, y, 64, multiclass: true);
        Compare(report, ml, data, 100_000, [256, 128], 256, runs, "≥ 1.5×");
        Compare(report, ml, data, 100_000, [64], 32, runs, "≥ 3×");

        Console.WriteLine("  (reference) an idiomatic TorchSharp loop, nn.Linear + torch.optim.Adam, same data:");
        foreach (var (hidden, batch) in new[] { (new[] { 256, 128 }, 256), (new[] { 64 }, 32) })
        {
            double managed = SamplesPerSecond(ml, data, 100_000, hidden, batch, runs, null);
            double pure = PureTorch.TrainingSamplesPerSecond(x, y, 64, 10, hidden, batch, runs);
            report.Add($"training 64→{string.Join("→", hidden)}→10 b{batch} vs pure TorchSharp loop (samples/s)", $"{managed:N0}", $"{pure:N0}", managed / pure, "");
        }
    }

    // Paired: the machine's speed drifts (a shared VM), so managed and TorchSharp fits alternate and the
    // ratio reported is the median of each pair's ratio; each fit times its epochs after a warm-up epoch.
    private static void Compare(Report report, MLContext ml, IDataView data, int rows, int[] hidden, int batch, int runs, string goal)
    {
        var managed = new double[runs];
        var torch = new double[runs];
        var ratios = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            managed[r] = SamplesPerSecond(ml, data, rows, hidden, batch, EpochsPerPair, null);
            torch[r] = SamplesPerSecond(ml, data, rows, hidden, batch, EpochsPerPair, new TorchSharpBackend());
            ratios[r] = managed[r] / torch[r];
        }
        report.Add($"training 64→{string.Join("→", hidden)}→10 b{batch} Adam (samples/s; median of {runs} paired fits)",
            $"{Measure.Median(managed):N0}", $"{Measure.Median(torch):N0}", Measure.Median(ratios), goal + Report.Format($" (pairs {ratios.Min():F2}–{ratios.Max():F2}×)"));
    }

    private const int EpochsPerPair = 2;

    public static double SamplesPerSecond(MLContext ml, IDataView data, int rows, int[] hidden, int batch, int runs, IGradientBackend? backend)
    {
        var options = Options(hidden, batch, runs + 1, backend);
        var history = ml.MulticlassClassification.Trainers.Mlp(options).Fit(data).Model.History;
        return rows / Measure.Median(history.Epochs.Skip(1).Select(e => e.Seconds).ToArray());
    }

    public static MlpMulticlassTrainer.Options Options(int[] hidden, int batch, int epochs, IGradientBackend? backend) => new(MlpPreset.Classic)
    {
        HiddenLayers = hidden,
        HiddenActivation = Activation.Relu,
        BatchSize = batch,
        NumberOfEpochs = epochs,
        Optimizer = OptimizerKind.Adam,
        LearningRate = 1e-3f,
        L2Regularization = 0,
        Seed = 42,
        Backend = backend,
    };
}
