using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>
/// Scoring the 64→256→128→10 model: rows/s through <c>Transform</c> (a cursor over every row's Score)
/// and µs per <c>PredictionEngine.Predict</c>, against the same weights in TorchSharp (one batched
/// forward over all rows; one single-row forward).
/// </summary>
internal static class InferenceComparison
{
    public static void Run(Report report, int runs)
    {
        var ml = new MLContext(seed: 1);
        const int rows = 100_000;
        var (x, y) = SyntheticData.Clusters(rows, 64, 10, seed: 17);
        var data = SyntheticData.ToDataView(ml, x, y, 64, multiclass: true);
        var model = ml.MulticlassClassification.Trainers.Mlp(TrainingComparison.Options([256, 128], 256, 1, null)).Fit(data);
        var network = model.Model.Network;

        // Transform: every Score vector read through a cursor.
        var scored = model.Transform(data);
        double transformSeconds = Measure.MedianSeconds(() =>
        {
            using var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name == "Score"));
            var getter = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
            VBuffer<float> score = default;
            while (cursor.MoveNext())
                getter(ref score);
        }, runs);

        using var torchModel = TorchModel(network);
        using var input = torch.tensor(x, rows, 64);
        double torchBatchSeconds = Measure.MedianSeconds(() =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            torch.nn.functional.softmax(torchModel.forward(input), 1).data<float>().ToArray();
        }, runs);
        report.Add("inference through Transform, 64→256→128→10 (rows/s)", $"{rows / transformSeconds:N0}", $"{rows / torchBatchSeconds:N0}",
            torchBatchSeconds / transformSeconds, "≥ 1,000,000 rows/s");

        // The engine's own batched forward (GEMM over 256-row chunks, both cores), which ML.NET's row-by-row
        // scorer cannot use: what scoring costs without the per-row contract of Transform.
        var logits = new float[rows * network.OutputSize];
        double batchSeconds = Measure.MedianSeconds(() => network.ForwardBatch(x, rows, logits), runs);
        report.Add("(reference) batched forward DenseNetwork.ForwardBatch, 64→256→128→10 (rows/s)", $"{rows / batchSeconds:N0}", $"{rows / torchBatchSeconds:N0}",
            torchBatchSeconds / batchSeconds, "");

        // PredictionEngine: one row at a time, into a reused output object.
        var engine = ml.Model.CreatePredictionEngine<Example, Prediction>(model, inputSchemaDefinition: SyntheticData.WithVectorSize(typeof(Example), 64));
        var example = new Example { Features = x.AsSpan(0, 64).ToArray() };
        var prediction = new Prediction();
        for (int i = 0; i < 10_000; i++)
            engine.Predict(example, ref prediction);
        const int calls = 100_000;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        double predictSeconds = Measure.Median([.. Enumerable.Range(0, runs).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++)
                engine.Predict(example, ref prediction);
            return clock.Elapsed.TotalSeconds / calls;
        })]);
        double bytesPerCall = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)(calls * runs);

        using var one = torch.tensor(example.Features, 1, 64);
        double torchOneSeconds = Measure.SecondsPerCall(() =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            torch.nn.functional.softmax(torchModel.forward(one), 1).data<float>().ToArray();
        }, runs);
        report.Add($"PredictionEngine.Predict, 64→256→128→10 (µs per call; {bytesPerCall:F1} bytes allocated per call)",
            $"{predictSeconds * 1e6:F2}", $"{torchOneSeconds * 1e6:F2}", torchOneSeconds / predictSeconds, "≤ 10 µs, 0 bytes");
    }

    internal static torch.nn.Module<Tensor, Tensor> TorchModel(MlNetNeural.Neural.DenseNetwork network)
    {
        var layers = new List<(string, torch.nn.Module<Tensor, Tensor>)>();
        for (int l = 0; l < network.LayerCount; l++)
        {
            var linear = torch.nn.Linear(network.LayerInputSize(l), network.LayerSizes[l]);
            using (torch.no_grad())
            {
                linear.weight!.copy_(torch.tensor(network.Weights[l].ToArray(), network.LayerSizes[l], network.LayerInputSize(l)));
                linear.bias!.copy_(torch.tensor(network.Biases[l].ToArray()));
            }
            layers.Add(($"linear{l}", linear));
            if (l < network.LayerCount - 1)
                layers.Add(($"relu{l}", torch.nn.ReLU()));
        }
        return torch.nn.Sequential(layers);
    }

    /// <summary>The scored output row.</summary>
    public sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }
}
