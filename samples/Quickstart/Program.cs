// Quickstart: MlNetNeural's perceptron inside an ordinary ML.NET pipeline.
// Load a CSV, normalize, train, evaluate on a held-out split, save a model zip, load it back
// and predict one row with a PredictionEngine.
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;

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

// --- Save, load, predict one row ------------------------------------------------------------
string modelPath = Path.Combine(Path.GetTempPath(), "mlnetneural-quickstart-perceptron.zip");
ml.Model.Save(perceptronModel, data.Schema, modelPath);
var loaded = ml.Model.Load(modelPath, out _);
var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(loaded);
var firstRow = ml.Data.CreateEnumerable<Row>(split.TestSet, reuseRowObject: false).First();
var prediction = engine.Predict(firstRow);
Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length} bytes), loaded it back.");
Console.WriteLine($"First test row: label {firstRow.Label}, predicted {prediction.PredictedLabel} (score {prediction.Score:F3})");

/// <summary>One input row of breast_cancer.csv.</summary>
internal sealed class Row
{
    [VectorType(30)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>The perceptron's output columns.</summary>
internal sealed class Prediction
{
    public float Score { get; set; }

    public bool PredictedLabel { get; set; }
}
