using MlNetNeural.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Training;
using Xunit;

namespace MlNetNeural.Neural.Tests.Training;

/// <summary>
/// A lazy sparse fit renumbers its rows' columns (most frequent first) while it trains and must give them their own
/// numbers back: an ensemble's next member trains on the same rows. Two fits of the same rows with the same seed are
/// then the same fit.
/// </summary>
public class TrainingLoopSideEffectTests
{
    [Fact]
    public void A_lazy_sparse_fit_leaves_its_rows_as_it_found_them()
    {
        var random = new Random(3);
        const int columns = 200, rows = 120;
        var store = new SparseRowStore(columns);
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            int[] indices = [.. Enumerable.Range(0, 6).Select(_ => (int)Math.Floor(Math.Pow(columns, random.NextDouble()))).Distinct().Order()];
            store.Add(indices, [.. indices.Select(_ => 1f)]);
            targets[r] = indices.Contains(1) ? 1 : 0;
        }
        var data = new MlpTrainingData(new FeatureRows(store), targets, 1, Enumerable.Repeat(1f, rows).ToArray());
        var before = Enumerable.Range(0, rows).Select(r => store.Indices(r).ToArray()).ToArray();

        var first = Fit(data);
        for (int r = 0; r < rows; r++)
            Assert.Equal(before[r], store.Indices(r).ToArray());
        var second = Fit(data);
        Assert.Equal(first.Parameters.Weights[0], second.Parameters.Weights[0]);
    }

    private static MlpTrainingLoop.Result Fit(MlpTrainingData data)
    {
        var options = new MlpBinaryTrainer.Options { HiddenLayers = [4], NumberOfEpochs = 3, BatchSize = 16, SparseUpdates = SparseUpdates.Lazy };
        var loop = new MlpTrainingLoop(TrainingSettings.From(options, RecipeChoices.For(options, sparse: true, continuedLayers: null)),
            new TrainingObjective(1, LossFunction.BinaryCrossEntropy, 1, ValidationMetric.Accuracy), () => { }, _ => { });
        return loop.Run(data, null, null, null, new Random(1));
    }
}
