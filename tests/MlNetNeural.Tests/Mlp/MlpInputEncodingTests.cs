using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Tests.Infrastructure;
using MlNetNeural.Tests.Sparse;

namespace MlNetNeural.Tests.Mlp;

/// <summary>
/// The default recipe's input encoding through the public API: which columns get periodic features, the option checks,
/// the zero-preserving form on sparse features (sparse rows score like their dense form), and continued training.
/// </summary>
public sealed class MlpInputEncodingTests
{
    [Fact]
    public void Default_models_encode_numeric_columns_and_keep_the_raw_feature_count()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 3 }).Fit(data).Model;

        var encoding = Assert.IsType<MlNetNeural.Neural.InputEncoding>(model.InputEncoding);
        Assert.Equal(30, model.FeatureCount);
        Assert.Equal(30, encoding.PeriodicColumns.Count); // every breast-cancer measurement takes many values
        Assert.Equal(30 * (1 + MlpOptionsBase.Defaults.PeriodicFeatures), model.Network.InputSize);
    }

    [Fact]
    public void Periodic_features_without_robust_scaling_are_refused_naming_both_options()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.Throws<InvalidOptionException>(() => ml.BinaryClassification.Trainers.Mlp(
            new MlpBinaryTrainer.Options { InputScaling = InputScaling.None, PeriodicFeatures = 4 }));
        Assert.Equal("PeriodicFeatures", e.ParamName);
        Assert.Contains("InputScaling = Robust", e.Message);
    }

    [Fact]
    public void Sparse_features_get_the_zero_preserving_scaling_and_score_like_their_dense_form()
    {
        var ml = new MLContext(seed: 1);
        var data = SparseFeatureTrainingTests.TextLike(ml, 300, seed: 5);
        var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 3 }).Fit(data);

        var encoding = Assert.IsType<MlNetNeural.Neural.InputEncoding>(model.Model.InputEncoding);
        Assert.True(encoding.PreservesZeros);
        Assert.Equal(model.Model.FeatureCount, model.Model.Network.InputSize);

        var sparseScores = Scores.Read(model.Transform(data));
        var dense = ml.Transforms.CustomMapping((SparseFeatureTrainingTests.TextRow row, DenseRow output) =>
            {
                output.DenseFeatures = new float[row.Features.Length];
                row.Features.CopyTo(output.DenseFeatures);
            }, null)
            .Append(ml.Transforms.DropColumns("Features"))
            .Append(ml.Transforms.CopyColumns("Features", "DenseFeatures"))
            .Fit(data).Transform(data);
        var denseScores = Scores.Read(model.Transform(dense));
        Assert.Equal(Scores.Bits(sparseScores), Scores.Bits(denseScores));
    }

    [Fact]
    public void Continued_training_keeps_the_models_encoding()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var trainer = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 2, Seed = 3 });
        var first = trainer.Fit(data).Model;
        var continued = trainer.Fit(data, null, first).Model;

        Assert.Equal(first.InputEncoding!.Centers, continued.InputEncoding!.Centers);
        Assert.Equal(first.InputEncoding.AngularFrequencies, continued.InputEncoding.AngularFrequencies);
        Assert.Equal(first.History.Epochs.Count + 2, continued.History.Epochs.Count);
    }

    private sealed class DenseRow
    {
        [VectorType(SparseFeatureTrainingTests.SlotCount)]
        public float[] DenseFeatures { get; set; } = [];
    }
}
