// Backend comparison: the same MLP trained on breast_cancer with the managed (pure C#) engine and
// with TorchSharp autograd — same seed, so the same initial weights, batches and dropout masks —
// then the two loss curves side by side and the test metrics of both models.
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.TorchSharp;
using MlNetNeural.Training.Backends;

string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");

MlpBinaryTrainer.Options Options(IGradientBackend backend) => new(MlpPreset.Classic)
{
    HiddenLayers = [32, 16],
    Optimizer = OptimizerKind.Adam,
    LearningRate = 1e-3f,
    L2Regularization = 1e-3f,
    DropoutRate = 0.1f,
    NumberOfEpochs = 40,
    Patience = 0,
    Seed = 1,
    Backend = backend,
};

(TrainingHistory History, CalibratedBinaryClassificationMetrics Metrics, double Seconds) Train(IGradientBackend backend)
{
    var ml = new MLContext(seed: 1);
    var data = ml.Data.LoadFromTextFile(dataPath,
        [new TextLoader.Column("Features", DataKind.Single, 0, 29), new TextLoader.Column("Label", DataKind.Boolean, 30)],
        separatorChar: ',', hasHeader: true);
    var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
    var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
        .Append(ml.BinaryClassification.Trainers.Mlp(Options(backend)));
    var clock = Stopwatch.StartNew();
    var model = pipeline.Fit(split.TrainSet);
    double seconds = clock.Elapsed.TotalSeconds;
    var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
    return (model.LastTransformer.Model.History, metrics, seconds);
}

if (!TorchSharpBackend.IsAvailable(out string? reason))
{
    Console.Error.WriteLine(reason);
    return 1;
}

var managed = Train(ManagedBackend.Instance);
var torch = Train(new TorchSharpBackend());

Console.WriteLine("MLP 30→32→16→1 (Adam, L2 1e-3, dropout 0.1) on breast_cancer, seed 1: training loss per epoch");
Console.WriteLine($"{"epoch",5}  {"managed",12}  {"TorchSharp",12}  {"rel. diff",9}");
for (int e = 0; e < managed.History.Epochs.Count; e++)
{
    double a = managed.History.Epochs[e].TrainingLoss, b = torch.History.Epochs[e].TrainingLoss;
    Console.WriteLine($"{e,5}  {a,12:F6}  {b,12:F6}  {Math.Abs(a - b) / Math.Max(Math.Abs(a), 1e-12),9:E1}");
}

Console.WriteLine();
Console.WriteLine($"{"test metric (20% split)",-24}  {"managed",10}  {"TorchSharp",10}");
void Row(string name, double a, double b) => Console.WriteLine($"{name,-24}  {a,10:F4}  {b,10:F4}");
Row("accuracy", managed.Metrics.Accuracy, torch.Metrics.Accuracy);
Row("AUC", managed.Metrics.AreaUnderRocCurve, torch.Metrics.AreaUnderRocCurve);
Row("F1", managed.Metrics.F1Score, torch.Metrics.F1Score);
Row("log-loss", managed.Metrics.LogLoss, torch.Metrics.LogLoss);
Row("training seconds", managed.Seconds, torch.Seconds);
return 0;
