// Quickstart: MlNetNeural's trainers inside ordinary ML.NET pipelines.
// Load a CSV, train a perceptron and a multi-layer perceptron, evaluate them on a held-out split,
// save the MLP as a model zip, load it back and predict one row with a PredictionEngine.
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;

var ml = new MLContext(seed: 1);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
const int featureCount = 30;
var data = ml.Data.LoadFromTextFile(dataPath,
[
    new TextLoader.Column("Features", DataKind.Single, 0, featureCount - 1),
    new TextLoader.Column("Label", DataKind.Boolean, featureCount),
], separatorChar: ',', hasHeader: true);

var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

// --- Perceptron ---------------------------------------------------------------------------
var perceptronPipeline = ml.Transforms.NormalizeMeanVariance("Features")
    .Append(ml.BinaryClassification.Trainers.Perceptron());
var perceptronModel = perceptronPipeline.Fit(split.TrainSet);
var perceptronMetrics = ml.BinaryClassification.EvaluateNonCalibrated(perceptronModel.Transform(split.TestSet));
Console.WriteLine($"Perceptron on breast_cancer (20% test split): accuracy {perceptronMetrics.Accuracy:F3}, " +
                  $"F1 {perceptronMetrics.F1Score:F3}, AUC {perceptronMetrics.AreaUnderRocCurve:F3}");

// --- Multi-layer perceptron in an existing pipeline ------------------------------------------
// The same file read as three groups of columns (means, standard errors, worst values), as a
// real pipeline would have them: concatenate, normalize, then the MLP, then evaluation.
var grouped = ml.Data.LoadFromTextFile(dataPath,
[
    new TextLoader.Column("Mean", DataKind.Single, 0, 9),
    new TextLoader.Column("StandardError", DataKind.Single, 10, 19),
    new TextLoader.Column("Worst", DataKind.Single, 20, 29),
    new TextLoader.Column("Label", DataKind.Boolean, featureCount),
], separatorChar: ',', hasHeader: true);
var groupedSplit = ml.Data.TrainTestSplit(grouped, testFraction: 0.2, seed: 1);
var mlpPipeline = ml.Transforms.Concatenate("Features", "Mean", "StandardError", "Worst")
    .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    .Append(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
    {
        HiddenLayers = [32, 16],
        Optimizer = OptimizerKind.Adam,
        L2Regularization = 1e-3f,
        Seed = 1,
    }));
var mlpModel = mlpPipeline.Fit(groupedSplit.TrainSet);
var mlpMetrics = ml.BinaryClassification.Evaluate(mlpModel.Transform(groupedSplit.TestSet));
var history = mlpModel.LastTransformer.Model.History;
Console.WriteLine($"MLP 30→32→16→1 on breast_cancer: accuracy {mlpMetrics.Accuracy:F3}, F1 {mlpMetrics.F1Score:F3}, " +
                  $"AUC {mlpMetrics.AreaUnderRocCurve:F3}, log-loss {mlpMetrics.LogLoss:F3}");
Console.WriteLine($"  trained {history.Epochs.Count} epochs, stopped by {history.StopReason}, best epoch {history.BestEpoch}; " +
                  $"loss {history.Epochs[0].TrainingLoss:F3} → {history.Epochs[^1].TrainingLoss:F3}");

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
