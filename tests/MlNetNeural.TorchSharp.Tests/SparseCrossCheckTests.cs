using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Training.Backends;
using Xunit;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>
/// Sparse features: the managed engine takes the batches sparse (sparse first layer, input-major weights), the TorchSharp
/// backend gets the same batches densified and the same input-major layout. Same seed, same trainer: the final weights and
/// the per-epoch training losses agree, for lazy and exact updates. Under lazy updates the managed loss reports the first
/// layer's penalty as of each epoch's start while TorchSharp's is per batch, so with a penalty only the weights are compared.
/// </summary>
public sealed class SparseCrossCheckTests
{
    private const double Tolerance = 1e-3;
    private const int Slots = 400;

    [Theory]
    [InlineData(SparseUpdates.Lazy, 0f, 0f)]
    [InlineData(SparseUpdates.Lazy, 1e-3f, 0.2f)]
    [InlineData(SparseUpdates.Exact, 1e-3f, 0.2f)]
    [InlineData(SparseUpdates.Lazy, 1e-3f, 0.2f, 0.05f)] // clipped: the global norm over the active rows and the other layers
    public void Sparse_batches_train_alike_on_both_backends(SparseUpdates updates, float l2, float dropout, float? clipNorm = null)
    {
        var ml = new MLContext(seed: 1);
        var data = SparseData(ml);
        MlpBinaryModelParameters Train(IGradientBackend backend) => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [8, 6], HiddenActivation = Activation.Tanh, NumberOfEpochs = 8, BatchSize = 25, Patience = 0, Seed = 7,
            Optimizer = OptimizerKind.Adam, LearningRate = 0.01f, L2Regularization = l2, DropoutRate = dropout,
            FeatureStorage = FeatureStorage.Sparse, SparseUpdates = updates, Backend = backend, GradientClipNorm = clipNorm,
        }).Fit(data).Model;

        var managed = Train(ManagedBackend.Instance);
        var torch = Train(new TorchSharpBackend());
        for (int l = 0; l < managed.Network.LayerCount; l++)
        {
            CrossCheck.Arrays(managed.Network.Weights[l].Span, torch.Network.Weights[l].Span, Tolerance, $"final weights of layer {l}");
            CrossCheck.Arrays(managed.Network.Biases[l].Span, torch.Network.Biases[l].Span, Tolerance, $"final biases of layer {l}");
        }

        Assert.Equal(managed.History.Epochs.Count, torch.History.Epochs.Count);
        if (updates == SparseUpdates.Exact || l2 == 0)
        {
            for (int e = 0; e < managed.History.Epochs.Count; e++)
                CrossCheck.Relative(managed.History.Epochs[e].TrainingLoss, torch.History.Epochs[e].TrainingLoss, Tolerance, $"training loss of epoch {e}");
        }
    }

    private static IDataView SparseData(MLContext ml)
    {
        var random = new Random(11);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var slots = Enumerable.Range(0, 12).Select(_ => random.Next(Slots)).Distinct().Order().ToArray();
            var values = slots.Select(_ => (float)(random.NextDouble() + 0.5)).ToArray();
            bool label = slots.Count(s => s < 100) > slots.Count(s => s >= 300);
            return new Row { Label = label, Features = new VBuffer<float>(Slots, slots.Length, values, slots) };
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        [VectorType(Slots)]
        public VBuffer<float> Features { get; set; }
    }
}
