using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlNetNeural.Onnx.Tests;

/// <summary>
/// Issue 8's acceptance check: on moons_1000 a linear model on the two raw features stays well below
/// the MLP, and the same linear trainer on the MLP's last hidden layer comes within 0.01 of the MLP's
/// own 5-fold cross-validated accuracy. The featurizer is made from the trainer, so each fold's
/// network sees only that fold's training rows.
/// </summary>
public sealed class MoonsFeaturizerAcceptanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Hidden_layer_features_lift_a_linear_trainer_to_the_mlps_accuracy()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.Cache(Datasets.Binary(ml, "moons_1000"));
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [32, 32], Seed = 1 };
        var normalize = ml.Transforms.NormalizeMeanVariance("Features");

        double mlp = CrossValidatedAccuracy(ml, data, normalize.Append(ml.BinaryClassification.Trainers.Mlp(options)));
        double linearRaw = CrossValidatedAccuracy(ml, data, normalize.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()));
        double linearHidden = CrossValidatedAccuracy(ml, data, normalize
            .Append(ml.Transforms.MlpHiddenLayer("Hidden", ml.BinaryClassification.Trainers.Mlp(options), layerIndex: 1))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Hidden")));
        output.WriteLine($"5-fold CV accuracy on moons_1000: MLP 2→32→32→1 {mlp:F4}; LbfgsLogisticRegression on the raw features {linearRaw:F4}; on hidden layer 1 {linearHidden:F4}");

        Assert.True(linearRaw < mlp - 0.03, $"The linear model on raw features ({linearRaw:F4}) should stay well below the MLP ({mlp:F4}).");
        Assert.True(Math.Abs(linearHidden - mlp) <= 0.01, $"On the hidden layer the linear model ({linearHidden:F4}) should be within 0.01 of the MLP ({mlp:F4}).");
    }

    private static double CrossValidatedAccuracy(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline) =>
        ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5, seed: 1).Average(fold => fold.Metrics.Accuracy);
}
