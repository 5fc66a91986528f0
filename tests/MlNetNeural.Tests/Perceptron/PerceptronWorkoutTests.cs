using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Perceptron;

/// <summary>
/// The shared workout for both perceptron estimators: schema propagation, fit, transform, evaluate,
/// save → load in this process and in a fresh one, identical outputs; and the ML.NET tools a user
/// runs on any trainer (TrainTestSplit, CrossValidate, PermutationFeatureImportance).
/// </summary>
public sealed class PerceptronWorkoutTests
{
    private static IEstimator<ITransformer> BinaryPipeline(MLContext ml) =>
        ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.Perceptron());

    private static IEstimator<ITransformer> MulticlassPipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.Perceptron());

    [Fact]
    public void Binary_schema_propagates_Score_and_PredictedLabel()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var shape = BinaryPipeline(ml).GetOutputSchema(SchemaShape.Create(data.Schema));
        Assert.True(shape.TryFindColumn("Score", out var score));
        Assert.Equal(NumberDataViewType.Single, score.ItemType);
        Assert.True(shape.TryFindColumn("PredictedLabel", out var label));
        Assert.Equal(BooleanDataViewType.Instance, label.ItemType);
        Assert.False(shape.TryFindColumn("Probability", out _));

        var scored = BinaryPipeline(ml).Fit(data).Transform(data);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Score"].Type);
        Assert.Equal(BooleanDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
    }

    [Fact]
    public void Multiclass_schema_propagates_Score_vector_and_key_PredictedLabel()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Load(ml, "iris", DataKind.String);
        var shape = MulticlassPipeline(ml).GetOutputSchema(SchemaShape.Create(data.Schema));
        Assert.True(shape.TryFindColumn("Score", out var score));
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, score.Kind);
        Assert.True(shape.TryFindColumn("PredictedLabel", out var label));
        Assert.True(label.IsKey);

        var scored = MulticlassPipeline(ml).Fit(data).Transform(data);
        Assert.Equal(3, ((VectorDataViewType)scored.Schema["Score"].Type).Size);
        var scores = Scores.Read(scored);
        for (int row = 0; row < scores.Length / 3; row++)
            Assert.Equal(1.0, scores[(row * 3)..(row * 3 + 3)].Sum(), 5);
    }

    [Fact]
    public void Binary_saves_and_loads_in_this_process_and_a_fresh_one_with_identical_scores()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var model = BinaryPipeline(ml).Fit(data);
        AssertRoundTripIdentical(ml, model, data, Datasets.PathOf("breast_cancer"));
    }

    [Fact]
    public void Multiclass_saves_and_loads_in_this_process_and_a_fresh_one_with_identical_scores()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Load(ml, "iris", DataKind.String);
        var model = MulticlassPipeline(ml).Fit(data);
        AssertRoundTripIdentical(ml, model, data, Datasets.PathOf("iris"));
    }

    private static void AssertRoundTripIdentical(MLContext ml, ITransformer model, IDataView data, string csv)
    {
        var expected = Scores.Read(model.Transform(data));
        using var temp = new TempDirectory();
        string path = temp.File("model.zip");
        ml.Model.Save(model, data.Schema, path);

        var loaded = new MLContext(seed: 7).Model.Load(path, out var schema);
        Assert.Equal(data.Schema.Count, schema.Count);
        Assert.Equal(Scores.Bits(expected), Scores.Bits(Scores.Read(loaded.Transform(data))));

        var child = ModelScorerProcess.Score(path, csv);
        Assert.Equal(Scores.Bits(expected), Scores.Bits(child.Scores));
        Assert.Contains("MlNetNeural.Transforms", child.LoadedAssemblies);
        Assert.DoesNotContain("MlNetNeural.Trainers", child.LoadedAssemblies);
    }

    [Fact]
    public void Binary_meets_its_cross_validated_accuracy_floor_on_breast_cancer()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var folds = ml.BinaryClassification.CrossValidateNonCalibrated(data, BinaryPipeline(ml), numberOfFolds: 5);
        Assert.Equal(5, folds.Count);
        double accuracy = folds.Average(f => f.Metrics.Accuracy);
        Assert.True(accuracy >= 0.93, $"5-fold accuracy {accuracy:F4} < 0.93");
    }

    [Fact]
    public void Multiclass_meets_its_cross_validated_accuracy_floor_on_iris()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Multiclass(ml, "iris");
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.MulticlassClassification.Trainers.Perceptron());
        var folds = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
        double accuracy = folds.Average(f => f.Metrics.MicroAccuracy);
        Assert.True(accuracy >= 0.85, $"5-fold micro-accuracy {accuracy:F4} < 0.85");
    }

    [Fact]
    public void Binary_works_with_TrainTestSplit_and_Evaluate()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(Datasets.Binary(ml, "breast_cancer"), testFraction: 0.2, seed: 1);
        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(BinaryPipeline(ml).Fit(split.TrainSet).Transform(split.TestSet));
        Assert.InRange(metrics.Accuracy, 0.9, 1.0);
        Assert.InRange(metrics.AreaUnderRocCurve, 0.95, 1.0);
    }

    [Fact]
    public void Multiclass_works_with_TrainTestSplit_and_Evaluate()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(Datasets.Multiclass(ml, "iris"), testFraction: 0.3, seed: 1);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.MulticlassClassification.Trainers.Perceptron());
        var metrics = ml.MulticlassClassification.Evaluate(pipeline.Fit(split.TrainSet).Transform(split.TestSet));
        Assert.InRange(metrics.MicroAccuracy, 0.8, 1.0);
        Assert.True(double.IsFinite(metrics.LogLoss));
    }

    [Fact]
    public void Binary_permutation_feature_importance_ranks_a_pure_noise_feature_last()
    {
        // Feature 0 decides the label, feature 1 is noise: permuting 0 must hurt, permuting 1 must not.
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var features = Enumerable.Range(0, 400).Select(_ => new[] { (float)(random.NextDouble() * 2 - 1), (float)(random.NextDouble() * 2 - 1) }).ToArray();
        var data = Datasets.FromRows(ml, features, features.Select(f => f[0] > 0).ToArray());
        var model = ml.BinaryClassification.Trainers.Perceptron().Fit(data);
        var importance = ml.BinaryClassification.PermutationFeatureImportance(model, data, permutationCount: 3);
        Assert.True(importance[0].Accuracy.Mean < -0.2, $"decisive feature: {importance[0].Accuracy.Mean}");
        Assert.True(Math.Abs(importance[1].Accuracy.Mean) < 0.05, $"noise feature: {importance[1].Accuracy.Mean}");
    }

    [Fact]
    public void Multiclass_permutation_feature_importance_runs_through_the_trainer()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.NormalizeMeanVariance("Features").Fit(Datasets.Multiclass(ml, "iris")).Transform(Datasets.Multiclass(ml, "iris"));
        var model = ml.MulticlassClassification.Trainers.Perceptron().Fit(data);
        var importance = ml.MulticlassClassification.PermutationFeatureImportance(model, data, permutationCount: 2);
        Assert.Equal(4, importance.Length);
        // Petal measurements (features 2, 3) separate iris; at least one must matter.
        Assert.True(importance.Min(m => m.MicroAccuracy.Mean) < -0.05);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_models()
    {
        float[] Train(int seed)
        {
            var ml = new MLContext(seed: seed);
            var data = Datasets.Binary(ml, "breast_cancer");
            return Scores.Read(BinaryPipeline(ml).Fit(data).Transform(data));
        }
        Assert.Equal(Scores.Bits(Train(5)), Scores.Bits(Train(5)));
        Assert.NotEqual(Scores.Bits(Train(5)), Scores.Bits(Train(6)));
    }

    [Fact]
    public void The_error_curve_has_one_entry_per_epoch()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.NormalizeMeanVariance("Features").Fit(Datasets.Binary(ml, "breast_cancer")).Transform(Datasets.Binary(ml, "breast_cancer"));
        var model = ml.BinaryClassification.Trainers.Perceptron(numberOfEpochs: 7).Fit(data);
        Assert.Equal(7, model.Model.MisclassificationsPerEpoch.Count);
        Assert.True(model.Model.MisclassificationsPerEpoch[^1] < model.Model.MisclassificationsPerEpoch[0]);
    }
}
