using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Training.Backends;
using Xunit;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>
/// 5-fold cross-validation through ML.NET, once per backend with the same seeds: the mean metrics
/// agree within 0.01 on breast_cancer (binary) and iris (multiclass).
/// </summary>
public sealed class CrossValidationCrossCheckTests
{
    private const double Tolerance = 0.01;

    [Fact]
    public void CrossValidationCrossCheck_BreastCancer()
    {
        (double Accuracy, double Auc, double LogLoss) Run(IGradientBackend backend)
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile(DataPath("breast_cancer.csv"),
                [new TextLoader.Column("Features", DataKind.Single, 0, 29), new TextLoader.Column("Label", DataKind.Boolean, 30)],
                separatorChar: ',', hasHeader: true);
            var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
                .Append(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
                {
                    HiddenLayers = [16],
                    Optimizer = OptimizerKind.Adam,
                    NumberOfEpochs = 20,
                    Patience = 0,
                    Seed = 1,
                    Backend = backend,
                }));
            var folds = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
            return (folds.Average(f => f.Metrics.Accuracy), folds.Average(f => f.Metrics.AreaUnderRocCurve), folds.Average(f => f.Metrics.LogLoss));
        }

        var managed = Run(ManagedBackend.Instance);
        var torch = Run(new TorchSharpBackend());
        Assert.True(managed.Accuracy > 0.9, $"managed accuracy {managed.Accuracy}");
        Close(managed.Accuracy, torch.Accuracy, "accuracy");
        Close(managed.Auc, torch.Auc, "AUC");
        Close(managed.LogLoss, torch.LogLoss, "log-loss");
    }

    [Fact]
    public void CrossValidationCrossCheck_Iris()
    {
        (double Micro, double Macro, double LogLoss) Run(IGradientBackend backend)
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile(DataPath("iris.csv"),
                [new TextLoader.Column("Features", DataKind.Single, 0, 3), new TextLoader.Column("Label", DataKind.String, 4)],
                separatorChar: ',', hasHeader: true);
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic)
                {
                    HiddenLayers = [16],
                    Optimizer = OptimizerKind.Adam,
                    LearningRate = 0.01f,
                    NumberOfEpochs = 40,
                    BatchSize = 16,
                    Patience = 0,
                    Seed = 1,
                    Backend = backend,
                }));
            var folds = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
            return (folds.Average(f => f.Metrics.MicroAccuracy), folds.Average(f => f.Metrics.MacroAccuracy), folds.Average(f => f.Metrics.LogLoss));
        }

        var managed = Run(ManagedBackend.Instance);
        var torch = Run(new TorchSharpBackend());
        Assert.True(managed.Micro > 0.85, $"managed accuracy {managed.Micro}");
        Close(managed.Micro, torch.Micro, "micro accuracy");
        Close(managed.Macro, torch.Macro, "macro accuracy");
        Close(managed.LogLoss, torch.LogLoss, "log-loss");
    }

    private static string DataPath(string file) => Path.Combine(AppContext.BaseDirectory, "data", file);

    private static void Close(double managed, double torch, string metric) =>
        Assert.True(Math.Abs(managed - torch) <= Tolerance, $"5-fold mean {metric}: managed {managed:F4} vs TorchSharp {torch:F4}, difference > {Tolerance}.");
}
