using MlNetNeural.Mlp;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Mlp;

/// <summary>
/// Quality floors on the textbook sets with the <see cref="MlpPreset.Classic"/> preset (after NormalizeMeanVariance),
/// 5-fold cross-validation, seed 1. The floors are the product's promise (README table); scikit-learn's MLP defaults reach
/// 0.967 / 0.960 / 0.976 / 0.885 / R² 0.391 on these sets. The defaults (<see cref="MlpPreset.Tabular"/>) are measured
/// against ML.NET's trainers by the quality benchmark (<c>tests/MlNetNeural.Benchmarks -- quality</c>), not here.
/// </summary>
public sealed class MlpQualityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("breast_cancer", 0.96)]
    [InlineData("moons_1000", 0.90)]
    public void Binary_classic_preset_reaches_the_floor(string dataset, double floor)
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)));
        var folds = ml.BinaryClassification.CrossValidate(Datasets.Binary(ml, dataset), pipeline, numberOfFolds: 5);
        double accuracy = folds.Average(f => f.Metrics.Accuracy);
        output.WriteLine($"{dataset}: 5-fold accuracy {accuracy:F4}");
        Assert.True(accuracy >= floor, $"{dataset}: 5-fold accuracy {accuracy:F4} < {floor}");
    }

    [Theory]
    [InlineData("iris", 0.93)]
    [InlineData("digits", 0.97)]
    public void Multiclass_classic_preset_reaches_the_floor(string dataset, double floor)
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Load(ml, dataset, dataset == "iris" ? DataKind.String : DataKind.Single);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic)));
        var folds = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
        double accuracy = folds.Average(f => f.Metrics.MicroAccuracy);
        output.WriteLine($"{dataset}: 5-fold micro-accuracy {accuracy:F4}");
        Assert.True(accuracy >= floor, $"{dataset}: 5-fold micro-accuracy {accuracy:F4} < {floor}");
    }

    [Fact]
    public void Regression_classic_preset_reaches_the_floor_on_raw_diabetes_targets()
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options(MlpPreset.Classic)));
        var folds = ml.Regression.CrossValidate(Datasets.Regression(ml, "diabetes"), pipeline, numberOfFolds: 5);
        double r2 = folds.Average(f => f.Metrics.RSquared);
        output.WriteLine($"diabetes: 5-fold R² {r2:F4}");
        Assert.True(r2 >= 0.38, $"diabetes: 5-fold R² {r2:F4} < 0.38");
    }
}
