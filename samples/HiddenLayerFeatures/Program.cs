// Hidden-layer features: a trained MLP as a feature extractor for another trainer.
// On the two moons no straight line separates the classes, so logistic regression on the two raw
// features is stuck well below the MLP. The MLP's last hidden layer has bent the plane so that a
// line does separate them: logistic regression on those 32 activations matches the MLP.
// Usage: dotnet run --project samples/HiddenLayerFeatures
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;
using MlNetNeural.Mlp;

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile(Path.Combine(AppContext.BaseDirectory, "data", "moons_1000.csv"),
[
    new TextLoader.Column("Features", DataKind.Single, 0, 1),
    new TextLoader.Column("Label", DataKind.Boolean, 2),
], separatorChar: ',', hasHeader: true);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
var normalize = ml.Transforms.NormalizeMeanVariance("Features");

// 1. A linear model on the raw features.
var linear = normalize.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(split.TrainSet);
Report("LbfgsLogisticRegression on the 2 raw features", linear.Transform(split.TestSet));

// 2. The MLP itself.
var mlp = normalize.Append(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [32, 32], Seed = 1 }))
    .Fit(split.TrainSet);
Report("MLP 2→32→32→1", mlp.Transform(split.TestSet));

// 3. The same linear trainer on the MLP's second hidden layer (index 1): the fitted normalizer, then
//    the featurizer made from the fitted MLP, then logistic regression on the new "Hidden" column.
var normalized = mlp.Take(1).Single();
var featurizer = ml.Transforms.MlpHiddenLayer("Hidden", mlp.LastTransformer, layerIndex: 1)
    .Fit(normalized.Transform(split.TrainSet));
var onHidden = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Hidden")
    .Fit(featurizer.Transform(normalized.Transform(split.TrainSet)));
var pipeline = new TransformerChain<ITransformer>(normalized, featurizer, onHidden);
Report("LbfgsLogisticRegression on hidden layer 1 (32 features)", pipeline.Transform(split.TestSet));

// 4. The featurizer saves and loads like any ML.NET transformer; the loaded model predicts the same.
string path = Path.Combine(Path.GetTempPath(), "mlnetneural-hidden-layer-features.zip");
ml.Model.Save(pipeline, data.Schema, path);
var loaded = ml.Model.Load(path, out _);
Report("  … the same pipeline loaded from " + Path.GetFileName(path), loaded.Transform(split.TestSet));

// 5. Or let the featurizer train its MLP when fitted: a plain estimator chain, so that cross-validation
//    trains a fresh network on each fold's training rows only.
var chain = normalize
    .Append(ml.Transforms.MlpHiddenLayer("Hidden", ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [32, 32], Seed = 1 }), layerIndex: 1))
    .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(featureColumnName: "Hidden"));
var folds = ml.BinaryClassification.CrossValidate(data, chain, numberOfFolds: 5, seed: 1);
Console.WriteLine($"5-fold cross-validated accuracy of that chain: {folds.Average(f => f.Metrics.Accuracy):F3}");

void Report(string what, IDataView scored)
{
    var metrics = ml.BinaryClassification.Evaluate(scored);
    Console.WriteLine($"{what}: test accuracy {metrics.Accuracy:F3}, AUC {metrics.AreaUnderRocCurve:F3}");
}
