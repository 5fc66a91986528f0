using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Mlp;

/// <summary>
/// The shared workout for the three MLP estimators: schema propagation, fit, transform, evaluate,
/// save → load in this process and in a fresh one with bit-identical scores, same seed → same
/// model, and ML.NET's TrainTestSplit / CrossValidate / PermutationFeatureImportance / PredictionEngine.
/// </summary>
public sealed class MlpWorkoutTests
{
    // Small and quick, with the default recipe (input encoding, holdout, dropout, cosine): the workout checks plumbing, the quality benchmark quality.
    private static MlpBinaryTrainer.Options BinaryOptions() => new(MlpPreset.Tabular) { HiddenLayers = [8], NumberOfEpochs = 20, LearningRate = 0.01f };

    private static IEstimator<ITransformer> BinaryPipeline(MLContext ml) =>
        ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.Mlp(BinaryOptions()));

    private static IEstimator<ITransformer> MulticlassPipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Tabular) { HiddenLayers = [8], NumberOfEpochs = 20, LearningRate = 0.01f }));

    private static IEstimator<ITransformer> RegressionPipeline(MLContext ml) =>
        ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options(MlpPreset.Tabular) { HiddenLayers = [8, 4], NumberOfEpochs = 60, LearningRate = 0.01f }));

    [Fact]
    public void Binary_schema_has_Score_Probability_and_PredictedLabel()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var shape = BinaryPipeline(ml).GetOutputSchema(SchemaShape.Create(data.Schema));
        foreach (var name in new[] { "Score", "Probability", "PredictedLabel" })
            Assert.True(shape.TryFindColumn(name, out _), name);

        var scored = BinaryPipeline(ml).Fit(data).Transform(data);
        var scores = Scores.Read(scored);
        var probabilities = Scores.Read(scored, "Probability");
        for (int i = 0; i < scores.Length; i++)
            Assert.InRange(Math.Abs(1 / (1 + Math.Exp(-scores[i])) - probabilities[i]), 0, 1e-6);
        var metrics = ml.BinaryClassification.Evaluate(scored);
        Assert.InRange(metrics.Accuracy, 0.9, 1);
        Assert.True(double.IsFinite(metrics.LogLoss) && metrics.LogLoss > 0);
    }

    [Fact]
    public void Multiclass_schema_has_probability_vector_and_key_PredictedLabel()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Load(ml, "iris", DataKind.String);
        var shape = MulticlassPipeline(ml).GetOutputSchema(SchemaShape.Create(data.Schema));
        Assert.True(shape.TryFindColumn("Score", out var score));
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, score.Kind);
        Assert.True(shape.TryFindColumn("PredictedLabel", out var predicted));
        Assert.True(predicted.IsKey);

        var scored = MulticlassPipeline(ml).Fit(data).Transform(data);
        var scores = Scores.Read(scored);
        Assert.Equal(150 * 3, scores.Length);
        for (int row = 0; row < 150; row++)
            Assert.Equal(1.0, scores[(row * 3)..(row * 3 + 3)].Sum(), 5);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.InRange(metrics.MicroAccuracy, 0.8, 1);
    }

    [Fact]
    public void Multiclass_PredictedLabel_maps_back_to_the_original_labels()
    {
        // The standard ML.NET idiom: MapKeyToValue after a multiclass trainer needs the key values on PredictedLabel.
        var ml = new MLContext(seed: 1);
        var data = Datasets.Load(ml, "iris", DataKind.String);
        var pipeline = MulticlassPipeline(ml).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var shape = pipeline.GetOutputSchema(SchemaShape.Create(data.Schema));
        Assert.True(shape.TryFindColumn("PredictedLabel", out var predicted));
        Assert.Equal(TextDataViewType.Instance, predicted.ItemType);
        var scored = pipeline.Fit(data).Transform(data);
        var labels = scored.GetColumn<ReadOnlyMemory<char>>("PredictedLabel").Select(l => l.ToString()).ToHashSet();
        Assert.Subset(new HashSet<string> { "setosa", "versicolor", "virginica" }, labels);
        Assert.Contains("setosa", labels);
    }

    [Fact]
    public void Regression_schema_has_Score_and_evaluates()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        var shape = RegressionPipeline(ml).GetOutputSchema(SchemaShape.Create(data.Schema));
        Assert.True(shape.TryFindColumn("Score", out var score));
        Assert.Equal(NumberDataViewType.Single, score.ItemType);
        var metrics = ml.Regression.Evaluate(RegressionPipeline(ml).Fit(data).Transform(data));
        Assert.InRange(metrics.RSquared, 0.3, 1);
    }

    public static TheoryData<string> Kinds => new() { "binary", "multiclass", "regression" };

    private static (IDataView Data, IEstimator<ITransformer> Pipeline, string Csv) Case(MLContext ml, string kind) => kind switch
    {
        "binary" => (Datasets.Binary(ml, "breast_cancer"), BinaryPipeline(ml), Datasets.PathOf("breast_cancer")),
        "multiclass" => (Datasets.Load(ml, "iris", DataKind.String), MulticlassPipeline(ml), Datasets.PathOf("iris")),
        _ => (Datasets.Regression(ml, "diabetes"), RegressionPipeline(ml), Datasets.PathOf("diabetes")),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Saves_and_loads_in_this_process_and_a_fresh_one_with_bit_identical_scores(string kind)
    {
        var ml = new MLContext(seed: 1);
        var (data, pipeline, csv) = Case(ml, kind);
        var model = pipeline.Fit(data);
        var expected = Scores.Read(model.Transform(data));

        using var temp = new TempDirectory();
        string path = temp.File("model.zip");
        ml.Model.Save(model, data.Schema, path);
        var loaded = new MLContext(seed: 99).Model.Load(path, out _);
        Assert.Equal(Scores.Bits(expected), Scores.Bits(Scores.Read(loaded.Transform(data))));

        var child = ModelScorerProcess.Score(path, csv);
        Assert.Equal(Scores.Bits(expected), Scores.Bits(child.Scores));
        Assert.Contains("MlNetNeural.Transforms", child.LoadedAssemblies);
        Assert.DoesNotContain("MlNetNeural.Trainers", child.LoadedAssemblies);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Same_seed_gives_bit_identical_models_and_another_seed_does_not(string kind)
    {
        float[] Train(int seed)
        {
            var ml = new MLContext(seed: seed);
            var (data, pipeline, _) = Case(ml, kind);
            return Scores.Read(pipeline.Fit(data).Transform(data));
        }
        Assert.Equal(Scores.Bits(Train(3)), Scores.Bits(Train(3)));
        Assert.NotEqual(Scores.Bits(Train(3)), Scores.Bits(Train(4)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Works_with_TrainTestSplit_and_CrossValidate(string kind)
    {
        var ml = new MLContext(seed: 1);
        var (data, pipeline, _) = Case(ml, kind);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);
        var scored = pipeline.Fit(split.TrainSet).Transform(split.TestSet);
        switch (kind)
        {
            case "binary":
                Assert.InRange(ml.BinaryClassification.Evaluate(scored).Accuracy, 0.9, 1);
                Assert.Equal(3, ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 3).Count);
                break;
            case "multiclass":
                Assert.InRange(ml.MulticlassClassification.Evaluate(scored).MicroAccuracy, 0.75, 1);
                Assert.Equal(3, ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 3).Count);
                break;
            default:
                Assert.InRange(ml.Regression.Evaluate(scored).RSquared, 0.2, 1);
                Assert.Equal(3, ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 3).Count);
                break;
        }
    }

    [Fact]
    public void Permutation_feature_importance_finds_the_decisive_feature_for_every_task()
    {
        // Feature 0 decides the label; feature 1 is noise.
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var features = Enumerable.Range(0, 300).Select(_ => new[] { (float)(random.NextDouble() * 2 - 1), (float)(random.NextDouble() * 2 - 1) }).ToArray();
        var binary = Datasets.FromRows(ml, features, features.Select(f => f[0] > 0).ToArray());
        var binaryModel = ml.BinaryClassification.Trainers.Mlp(BinaryOptions()).Fit(binary);
        var binaryImportance = ml.BinaryClassification.PermutationFeatureImportance(binaryModel, binary, permutationCount: 2);
        Assert.True(binaryImportance[0].Accuracy.Mean < binaryImportance[1].Accuracy.Mean - 0.2);

        var regression = ml.Data.LoadFromEnumerable(features.Select(f => new RegressionRow { Features = f, Label = 3 * f[0] }),
            RegressionRow.Schema(2));
        var regressionModel = ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 30, LearningRate = 0.01f }).Fit(regression);
        var regressionImportance = ml.Regression.PermutationFeatureImportance(regressionModel, regression, permutationCount: 2);
        Assert.True(regressionImportance[0].RSquared.Mean < regressionImportance[1].RSquared.Mean - 0.5);

        var iris = ml.Transforms.NormalizeMeanVariance("Features").Fit(Datasets.Multiclass(ml, "iris")).Transform(Datasets.Multiclass(ml, "iris"));
        var multiclassModel = ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 30, LearningRate = 0.01f }).Fit(iris);
        var multiclassImportance = ml.MulticlassClassification.PermutationFeatureImportance(multiclassModel, iris, permutationCount: 2);
        Assert.Equal(4, multiclassImportance.Length);
        Assert.True(multiclassImportance.Min(m => m.MicroAccuracy.Mean) < -0.05);
    }

    [Fact]
    public void PredictionEngine_matches_Transform()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var model = BinaryPipeline(ml).Fit(data);
        var expected = Scores.Read(model.Transform(data));
        var engine = ml.Model.CreatePredictionEngine<BreastCancerRow, BinaryPrediction>(model);
        var rows = ml.Data.CreateEnumerable<BreastCancerRow>(data, reuseRowObject: false).Take(20).ToList();
        for (int i = 0; i < rows.Count; i++)
        {
            var prediction = engine.Predict(rows[i]);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(prediction.Score));
            Assert.Equal(prediction.Score > 0, prediction.PredictedLabel);
            Assert.InRange(prediction.Probability, 0, 1);
        }
    }

    public sealed class BreastCancerRow
    {
        [VectorType(30)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class BinaryPrediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    public sealed class RegressionRow
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public static SchemaDefinition Schema(int features)
        {
            var schema = SchemaDefinition.Create(typeof(RegressionRow));
            schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
            return schema;
        }
    }
}
