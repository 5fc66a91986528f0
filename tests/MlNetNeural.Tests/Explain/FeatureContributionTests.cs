using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetNeural.Mlp;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Explain;

/// <summary>
/// ML.NET's own <c>CalculateFeatureContribution</c> after our binary and regression MLPs and the binary perceptron:
/// it runs with ML.NET's arguments, the perceptron's answer is wᵢ·xᵢ and selects and normalises exactly as
/// <c>AveragedPerceptron</c>'s, the MLP's contributions add up to the score's distance from the baseline, and a saved
/// pipeline gives the same bits in a fresh process.
/// </summary>
public sealed class FeatureContributionTests
{
    private static IDataView Normalized(MLContext ml, IDataView data) => ml.Transforms.NormalizeMeanVariance("Features").Fit(data).Transform(data);

    private static MlpBinaryTrainer.Options SmallBinary() => new() { HiddenLayers = [16, 8], NumberOfEpochs = 15 };

    [Fact]
    public void Perceptron_contributions_select_and_normalise_exactly_as_AveragedPerceptrons_on_the_same_weights()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "breast_cancer"));
        var averaged = ml.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 5).Fit(data);
        var linear = averaged.Model;
        var ours = new BinaryPredictionTransformer<PerceptronBinaryModelParameters>(ml,
            new PerceptronBinaryModelParameters(ml, linear.Weights.ToArray(), linear.Bias, []), data.Schema, "Features");

        foreach (var (top, bottom, normalize) in new[] { (4, 3, true), (10, 10, false), (0, 5, true), (30, 30, false) })
        {
            var expected = Contributions(ml.Transforms.CalculateFeatureContribution(averaged, top, bottom, normalize).Fit(data).Transform(data));
            var actual = Contributions(ml.Transforms.CalculateFeatureContribution(ours, top, bottom, normalize).Fit(data).Transform(data));
            Assert.Equal(expected.Length, actual.Length);
            for (int row = 0; row < expected.Length; row++)
            {
                Assert.Equal(expected[row].Indices, actual[row].Indices);
                Assert.Equal(Scores.Bits(expected[row].Values), Scores.Bits(actual[row].Values));
            }
        }
    }

    [Fact]
    public void Perceptron_contributions_are_weight_times_feature_exactly()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "breast_cancer"));
        var model = ml.BinaryClassification.Trainers.Perceptron().Fit(data);
        int features = Datasets.FeatureCount("breast_cancer");
        var rows = Contributions(ml.Transforms.CalculateFeatureContribution(model, features, features, normalize: false).Fit(data).Transform(data));
        var inputs = data.GetColumn<float[]>("Features").ToArray();
        var weights = model.Model.Weights;
        for (int row = 0; row < rows.Length; row++)
        {
            var dense = rows[row].Dense(features);
            for (int i = 0; i < features; i++)
            {
                // A zero product (±0) is dropped by ML.NET's selection, as for its own linear models.
                float product = weights[i] * inputs[row][i];
                Assert.Equal(BitConverter.SingleToInt32Bits(product == 0 ? 0f : product), BitConverter.SingleToInt32Bits(dense[i]));
            }
        }
    }

    [Fact]
    public void Binary_mlp_contributions_add_up_to_the_logits_distance_from_the_baseline_and_keep_MLNETs_top_and_bottom()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "breast_cancer"));
        var model = ml.BinaryClassification.Trainers.Mlp(SmallBinary()).Fit(data);
        int features = Datasets.FeatureCount("breast_cancer");
        var scored = model.Transform(data);
        var all = Contributions(ml.Transforms.CalculateFeatureContribution(model, features, features, normalize: false).Fit(scored).Transform(scored));
        var scores = Scores.Read(scored);
        float baselineScore = BaselineScore(ml, model, model.Model.InputEncoding!.Centers.ToArray());
        for (int row = 0; row < all.Length; row++)
        {
            double sum = all[row].Values.Sum(v => (double)v);
            double gap = scores[row] - baselineScore;
            Assert.True(Math.Abs(sum - gap) <= 1e-3 * Math.Abs(scores[row]) + 1e-4 + 1e-5 * Math.Abs(baselineScore),
                $"row {row}: Σ contributions {sum}, score − score(baseline) {gap}");
        }

        var selected = Contributions(ml.Transforms.CalculateFeatureContribution(model, 3, 2).Fit(scored).Transform(scored));
        for (int row = 0; row < selected.Length; row++)
        {
            Assert.True(selected[row].Values.Count(v => v > 0) <= 3 && selected[row].Values.Count(v => v < 0) <= 2, $"row {row}");
            Assert.True(selected[row].Values.All(v => Math.Abs(v) <= 1), $"row {row}: normalised values leave [−1, 1]");
            var dense = all[row].Dense(features);
            var largest = dense.Select((v, i) => (v, i)).Where(p => p.v > 0).OrderByDescending(p => p.v).Take(3).Select(p => p.i).Order();
            Assert.Equal(largest, selected[row].Indices.Where((_, j) => selected[row].Values[j] > 0));
        }
    }

    [Fact]
    public void Regression_mlp_contributions_add_up_to_the_predictions_distance_from_the_baseline()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Regression(ml, "diabetes"));
        var model = ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 20 }).Fit(data);
        int features = Datasets.FeatureCount("diabetes");
        var scored = model.Transform(data);
        var all = Contributions(ml.Transforms.CalculateFeatureContribution(model, features, features, normalize: false).Fit(scored).Transform(scored));
        var scores = Scores.Read(scored);
        float baselineScore = BaselineScore(ml, model, model.Model.InputEncoding!.Centers.ToArray());
        for (int row = 0; row < all.Length; row++)
        {
            double gap = scores[row] - baselineScore;
            // The tolerance is the network's, 1e-3·|output| + 1e-4, in the target's units.
            double tolerance = (1e-3 * Math.Abs((scores[row] - model.Model.TargetMean) / model.Model.TargetScale) + 1e-4) * model.Model.TargetScale + 1e-5 * Math.Abs(scores[row]);
            Assert.True(Math.Abs(all[row].Values.Sum(v => (double)v) - gap) <= tolerance, $"row {row}: Σ contributions {all[row].Values.Sum()}, gap {gap}");
        }
    }

    public static TheoryData<string> Kinds => new() { "mlp-binary", "perceptron-binary", "mlp-regression" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_saved_pipeline_with_contributions_gives_the_same_bits_after_loading_and_in_a_fresh_process(string kind)
    {
        var ml = new MLContext(seed: 1);
        bool regression = kind == "mlp-regression";
        string name = regression ? "diabetes" : "breast_cancer";
        var data = regression ? Datasets.Regression(ml, name) : Datasets.Binary(ml, name);
        var normalize = ml.Transforms.NormalizeMeanVariance("Features");
        ITransformer model = kind switch
        {
            "mlp-binary" => Explained(ml, normalize.Append(ml.BinaryClassification.Trainers.Mlp(SmallBinary())).Fit(data), data),
            "perceptron-binary" => Explained(ml, normalize.Append(ml.BinaryClassification.Trainers.Perceptron()).Fit(data), data),
            _ => Explained(ml, normalize.Append(ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options { HiddenLayers = [8], NumberOfEpochs = 10 })).Fit(data), data),
        };
        var expected = Scores.Read(model.Transform(data), "FeatureContributions");
        Assert.Contains(expected, v => v != 0);

        using var temp = new TempDirectory();
        string path = temp.File("model.zip");
        ml.Model.Save(model, data.Schema, path);
        var loaded = new MLContext(seed: 7).Model.Load(path, out _);
        Assert.Equal(Scores.Bits(expected), Scores.Bits(Scores.Read(loaded.Transform(data), "FeatureContributions")));
        var child = ModelScorerProcess.Score(path, Datasets.PathOf(name), "FeatureContributions");
        Assert.Equal(Scores.Bits(expected), Scores.Bits(child.Scores));
        Assert.DoesNotContain("MlNetNeural.Trainers", child.LoadedAssemblies);
    }

    private static ITransformer Explained<TModel>(MLContext ml, TransformerChain<TModel> model, IDataView data)
        where TModel : class, ISingleFeaturePredictionTransformer<ICalculateFeatureContribution>, ITransformer =>
        model.Append(ml.Transforms.CalculateFeatureContribution(model.LastTransformer, 4, 4).Fit(model.Transform(data)));

    private static float BaselineScore(MLContext ml, ITransformer model, float[] baseline)
    {
        var row = ml.Data.LoadFromEnumerable([new Datasets.BinaryRow { Features = baseline }],
            SchemaWithWidth(baseline.Length));
        return Scores.Read(model.Transform(row))[0];
    }

    private static SchemaDefinition SchemaWithWidth(int width)
    {
        var schema = SchemaDefinition.Create(typeof(Datasets.BinaryRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    private sealed record Sparse(int[] Indices, float[] Values)
    {
        public float[] Dense(int length)
        {
            var dense = new float[length];
            for (int j = 0; j < Indices.Length; j++)
                dense[Indices[j]] = Values[j];
            return dense;
        }
    }

    private static Sparse[] Contributions(IDataView explained)
    {
        var column = explained.Schema["FeatureContributions"];
        var rows = new List<Sparse>();
        using var cursor = explained.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            var indices = value.IsDense ? Enumerable.Range(0, value.Length).ToArray() : value.GetIndices().ToArray();
            rows.Add(new Sparse(indices, value.GetValues().ToArray()));
        }

        return rows.ToArray();
    }
}
