// Quickstart: MlNetNeural's trainers inside ordinary ML.NET pipelines.
// 1. What an MLP is for: two interleaving half-moons, which no straight line separates — a perceptron (a linear
//    model) against the MLP with its defaults.
// 2. An MLP in an existing pipeline on a real, nearly linear data set (breast_cancer), next to ML.NET's own linear
//    trainer: there a linear model is hard to beat, and the MLP comes close to it rather than ahead of it.
// 3. Save the MLP as a model zip, load it back and predict one row with a PredictionEngine.
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;
using MlNetNeural.Mlp;

var ml = new MLContext(seed: 1);
string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

// --- 1. A boundary no line can draw ------------------------------------------------------------
var moons = ml.Data.LoadFromTextFile(DataPath("moons_200.csv"),
[
    new TextLoader.Column("Features", DataKind.Single, 0, 1),
    new TextLoader.Column("Label", DataKind.Boolean, 2),
], separatorChar: ',', hasHeader: true);
var moonsSplit = ml.Data.TrainTestSplit(moons, testFraction: 0.2, seed: 1);
var moonsPerceptron = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.Perceptron()).Fit(moonsSplit.TrainSet);
var moonsMlp = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.Mlp()).Fit(moonsSplit.TrainSet);
var perceptronOnMoons = ml.BinaryClassification.EvaluateNonCalibrated(moonsPerceptron.Transform(moonsSplit.TestSet));
var mlpOnMoons = ml.BinaryClassification.Evaluate(moonsMlp.Transform(moonsSplit.TestSet));
Console.WriteLine("Two half-moons (moons_200, 20% test split: a small test set), a curved boundary:");
Console.WriteLine($"  Perceptron() (linear)  accuracy {perceptronOnMoons.Accuracy:F3}, AUC {perceptronOnMoons.AreaUnderRocCurve:F3}");
Console.WriteLine($"  Mlp() defaults         accuracy {mlpOnMoons.Accuracy:F3}, AUC {mlpOnMoons.AreaUnderRocCurve:F3}");

// --- 2. An MLP in an existing pipeline ---------------------------------------------------------
// breast_cancer read as three groups of columns (means, standard errors, worst values), as a real pipeline would
// have them: concatenate, normalize, then the trainer, then evaluation.
var grouped = ml.Data.LoadFromTextFile(DataPath("breast_cancer.csv"),
[
    new TextLoader.Column("Mean", DataKind.Single, 0, 9),
    new TextLoader.Column("StandardError", DataKind.Single, 10, 19),
    new TextLoader.Column("Worst", DataKind.Single, 20, 29),
    new TextLoader.Column("Label", DataKind.Boolean, 30),
], separatorChar: ',', hasHeader: true);
var groupedSplit = ml.Data.TrainTestSplit(grouped, testFraction: 0.2, seed: 1);
var features = ml.Transforms.Concatenate("Features", "Mean", "StandardError", "Worst")
    .Append(ml.Transforms.NormalizeMeanVariance("Features"));
var mlpModel = features.Append(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { Seed = 1 })).Fit(groupedSplit.TrainSet);
var linearModel = features.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(groupedSplit.TrainSet);
var mlpMetrics = ml.BinaryClassification.Evaluate(mlpModel.Transform(groupedSplit.TestSet));
var linearMetrics = ml.BinaryClassification.Evaluate(linearModel.Transform(groupedSplit.TestSet));
var history = mlpModel.LastTransformer.Model.History;
Console.WriteLine("breast_cancer (20% test split, 114 rows), nearly linear:");
Console.WriteLine($"  ML.NET LbfgsLogisticRegression  accuracy {linearMetrics.Accuracy:F3}, AUC {linearMetrics.AreaUnderRocCurve:F3}, log-loss {linearMetrics.LogLoss:F3}");
Console.WriteLine($"  Mlp() defaults                  accuracy {mlpMetrics.Accuracy:F3}, AUC {mlpMetrics.AreaUnderRocCurve:F3}, log-loss {mlpMetrics.LogLoss:F3}");
Console.WriteLine($"  ({history.Epochs.Count} epochs, the best by the 10 % validation holdout: epoch {history.BestEpoch})");

// --- Save, load, predict one row ------------------------------------------------------------
string modelPath = Path.Combine(Path.GetTempPath(), "mlnetneural-quickstart-mlp.zip");
ml.Model.Save(mlpModel, grouped.Schema, modelPath);
var loaded = ml.Model.Load(modelPath, out _);
var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(loaded);
var firstRow = ml.Data.CreateEnumerable<Row>(groupedSplit.TestSet, reuseRowObject: false).First();
var prediction = engine.Predict(firstRow);
Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length} bytes), loaded it back.");
Console.WriteLine($"First test row: label {firstRow.Label}, predicted {prediction.PredictedLabel} " +
                  $"(probability {prediction.Probability:F3})");

/// <summary>One input row of breast_cancer.csv, in three column groups.</summary>
internal sealed class Row
{
    [VectorType(10)]
    public float[] Mean { get; set; } = [];

    [VectorType(10)]
    public float[] StandardError { get; set; } = [];

    [VectorType(10)]
    public float[] Worst { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>The MLP's output columns.</summary>
internal sealed class Prediction
{
    public float Score { get; set; }

    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}
