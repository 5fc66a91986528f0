using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Tests.Infrastructure;
using MlNetNeural.Tests.Sparse;

namespace MlNetNeural.Tests.Mlp;

/// <summary>Option EnsembleSize: k members merged into one network that saves, loads and scores like any model.</summary>
public sealed class MlpEnsembleTests
{
    [Fact]
    public void An_ensemble_is_one_network_of_its_members_side_by_side_that_saves_and_loads()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_1000");
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8, 4], NumberOfEpochs = 20, Seed = 2, EnsembleSize = 3 };
        var model = ml.BinaryClassification.Trainers.Mlp(options).Fit(data);
        Assert.Equal([24, 12, 1], model.Model.Network.LayerSizes);

        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out _);
        Assert.Equal(Scores.Read(model.Transform(data)), Scores.Read(loaded.Transform(data)));
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));
        Assert.True(metrics.Accuracy > 0.8, $"accuracy {metrics.Accuracy}"); // a broken merge scores about 0.5
    }

    [Fact]
    public void A_sparse_ensemble_learns_the_text_like_task()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(SparseFeatureTrainingTests.TextLike(ml, rows: 1500, seed: 3), testFraction: 0.3, seed: 1);
        var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [16], NumberOfEpochs = 15, Seed = 1, EnsembleSize = 2,
        }).Fit(split.TrainSet);
        Assert.Equal([32, 1], model.Model.Network.LayerSizes);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Assert.True(metrics.Accuracy > 0.85, $"accuracy {metrics.Accuracy}");
    }

    [Fact]
    public void EnsembleSize_is_validated_and_refused_where_it_cannot_apply()
    {
        var ml = new MLContext(seed: 1);
        foreach (int size in new[] { 0, 33 })
        {
            var e = Assert.Throws<InvalidOptionException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { EnsembleSize = size }));
            Assert.Equal(nameof(MlpOptionsBase.EnsembleSize), e.ParamName);
        }
        var checkpoint = Assert.Throws<InvalidOptionException>(() =>
            ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { EnsembleSize = 2, CheckpointPath = "x.ckpt" }));
        Assert.Equal(nameof(MlpOptionsBase.EnsembleSize), checkpoint.ParamName);

        var data = Datasets.Binary(ml, "moons_200");
        var first = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 2 }).Fit(data).Model;
        var continued = Assert.Throws<ArgumentException>(() =>
            ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], EnsembleSize = 2 }).Fit(data, null, first));
        Assert.Equal("initialModel", continued.ParamName);
    }
}
