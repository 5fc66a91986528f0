using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.TorchSharp;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>Per-epoch time of the textbook nets, where fixed per-step overhead is everything: 2→4→1 on XOR, 2→16→16→1 on moons.</summary>
internal static class TinyNetComparison
{
    public static void Run(Report report, int runs)
    {
        var ml = new MLContext(seed: 1);
        var (xorX, xorY) = SyntheticData.Xor();
        var xor = SyntheticData.ToDataView(ml, xorX, xorY, 2, multiclass: false);
        var (moonsX, moonsY) = SyntheticData.Moons(1000, 0.2, seed: 3);
        var moons = SyntheticData.ToDataView(ml, moonsX, moonsY, 2, multiclass: false);
        Compare(report, ml, "XOR 2→4→1 (4 rows, batch 4)", xor, [4], Activation.Tanh, 4, epochs: 50 * runs);
        Compare(report, ml, "moons 2→16→16→1 (1000 rows, batch 32)", moons, [16, 16], Activation.Relu, 32, epochs: 5 * runs);
    }

    private static void Compare(Report report, MLContext ml, string name, IDataView data, int[] hidden, Activation activation, int batch, int epochs)
    {
        // Discarded fits first, for a second each: these fits are short (a few hundred steps), and the JIT promotes a
        // method to optimized code only after it has been called for a while (100 ms without new first-tier code), so
        // without a warm-up both sides would be timed in the unoptimized first tier: the JIT, not the engine.
        WarmUp(() => EpochSeconds(ml, data, hidden, activation, batch, epochs, null));
        double managed = EpochSeconds(ml, data, hidden, activation, batch, epochs, null);
        WarmUp(() => EpochSeconds(ml, data, hidden, activation, batch, epochs, new TorchSharpBackend()));
        double torch = EpochSeconds(ml, data, hidden, activation, batch, epochs, new TorchSharpBackend());
        report.Add($"{name}: time per epoch", $"{managed * 1e6:N1} µs", $"{torch * 1e6:N1} µs", torch / managed, "≥ 10×");
    }

    private static void WarmUp(Action fit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1))
            fit();
    }

    private static double EpochSeconds(MLContext ml, IDataView data, int[] hidden, Activation activation, int batch, int epochs, IGradientBackend? backend)
    {
        // The Classic preset: no validation holdout, so an epoch is the training steps alone, as in the TorchSharp fit.
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = hidden,
            HiddenActivation = activation,
            BatchSize = batch,
            NumberOfEpochs = epochs + 1,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 1e-2f,
            Seed = 42,
            Backend = backend,
        };
        var history = ml.BinaryClassification.Trainers.Mlp(options).Fit(data).Model.History;
        return Measure.Median(history.Epochs.Skip(1).Select(e => e.Seconds).ToArray());
    }
}
