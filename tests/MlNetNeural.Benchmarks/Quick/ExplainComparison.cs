using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Explain;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>
/// Explaining one row of the 64→256→128→10 model by integrated gradients at 32 fixed steps (the predicted class):
/// µs per row and bytes allocated per row through <c>CalculateMlpFeatureContribution</c>'s cursor, against the same
/// weights in TorchSharp (the 32 path points as one batch, autograd for the gradient).
/// </summary>
internal static class ExplainComparison
{
    private const int Steps = 32;

    public static void Run(Report report, int runs)
    {
        var ml = new MLContext(seed: 1);
        const int rows = 2_000;
        var (x, y) = SyntheticData.Clusters(rows, 64, 10, seed: 23);
        var data = SyntheticData.ToDataView(ml, x, y, 64, multiclass: true);
        var model = ml.MulticlassClassification.Trainers.Mlp(TrainingComparison.Options([256, 128], 256, 1, null)).Fit(data);
        var explained = ml.Transforms.CalculateMlpFeatureContribution(model,
            new MlpFeatureContributionOptions { Steps = Steps, MaximumSteps = Steps, PredictedClassOnly = true }).Fit(data).Transform(data);

        // Reads every row of the column; returns the bytes allocated after the first row (when the buffers are made).
        static long ReadAll(IDataView view, string name)
        {
            var column = view.Schema[name];
            using var cursor = view.GetRowCursor([column]);
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> value = default;
            cursor.MoveNext();
            getter(ref value);
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (cursor.MoveNext())
                getter(ref value);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        long explaining = 0;
        double seconds = Measure.MedianSeconds(() => explaining = ReadAll(explained, "FeatureContributions"), runs);
        long reading = ReadAll(data, "Features"); // what the cursor itself allocates reading the features alone

        using var torchModel = InferenceComparison.TorchModel(model.Model.Network);
        const int torchRows = 200;
        double torchSeconds = Measure.MedianSeconds(() =>
        {
            for (int r = 0; r < torchRows; r++)
                TorchIntegratedGradients(torchModel, x.AsSpan(r * 64, 64));
        }, runs);

        double ours = seconds / rows * 1e6, theirs = torchSeconds / torchRows * 1e6;
        report.Add($"explain one row, IG {Steps} steps, 64→256→128→10 (µs/row; {explaining:N0} B allocated over {rows - 1:N0} rows, {reading:N0} B of them reading the features)",
            $"{ours:N1}", $"{theirs:N1}", theirs / ours, "≤ 200 µs, 0 B/row");
    }

    // Integrated gradients from the zero baseline (the Classic preset has no input scaling) of the predicted class's logit.
    private static void TorchIntegratedGradients(nn.Module<Tensor, Tensor> model, ReadOnlySpan<float> row)
    {
        using var scope = NewDisposeScope();
        var input = tensor(row.ToArray(), 1, 64);
        long predicted;
        using (no_grad())
            predicted = model.forward(input).argmax(1).item<long>();
        var alphas = (arange(Steps, ScalarType.Float32) + 0.5f) / Steps;
        var points = (alphas.unsqueeze(1) * input).requires_grad_(true);
        model.forward(points)[.., predicted].sum().backward();
        (points.grad!.mean([0]) * input[0]).data<float>().ToArray();
    }
}
