using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Explain;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Explain;

/// <summary>
/// <c>CalculateMlpFeatureContribution</c>: every class of a multiclass MLP adds up to its logit's distance from the
/// baseline, the predicted class alone is that class's slice, the binary defaults equal what ML.NET's own transform
/// gets, gradient × input and a given baseline do what they say, options are checked by name, and a saved pipeline
/// gives the same bits after loading and in a fresh process.
/// </summary>
public sealed class MlpFeatureContributionTransformTests
{
    private static (IDataView Data, TransformerChain<MulticlassPredictionTransformer<MlpMulticlassModelParameters>> Model) Iris(MLContext ml)
    {
        var data = Datasets.Load(ml, "iris", DataKind.String);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 30 }));
        return (data, pipeline.Fit(data));
    }

    [Fact]
    public void Every_class_of_a_multiclass_mlp_adds_up_to_its_logits_distance_from_the_baseline()
    {
        var ml = new MLContext(seed: 1);
        var (data, model) = Iris(ml);
        var scored = model.Transform(data);
        var explained = ml.Transforms.CalculateMlpFeatureContribution(model.LastTransformer).Fit(scored).Transform(scored);
        var type = (VectorDataViewType)explained.Schema["FeatureContributions"].Type;
        Assert.Equal([3, 4], type.Dimensions.ToArray());

        var mlp = model.LastTransformer.Model;
        var features = scored.GetColumn<float[]>("Features").ToArray();
        var contributions = Scores.Read(explained, "FeatureContributions");
        float[] baselineLogits = Logits(mlp, mlp.InputEncoding!.Centers.ToArray());
        for (int row = 0; row < features.Length; row++)
        {
            float[] logits = Logits(mlp, features[row]);
            for (int c = 0; c < 3; c++)
            {
                double sum = contributions.Skip(row * 12 + c * 4).Take(4).Sum(v => (double)v);
                double gap = logits[c] - baselineLogits[c];
                Assert.True(Math.Abs(sum - gap) <= 1e-3 * Math.Abs(logits[c]) + 1e-4 + 1e-5 * Math.Abs(baselineLogits[c]),
                    $"row {row}, class {c}: Σ {sum}, logit − logit(baseline) {gap}");
            }
        }
    }

    [Fact]
    public void The_predicted_class_alone_is_that_class_slice_of_every_class()
    {
        var ml = new MLContext(seed: 1);
        var (data, model) = Iris(ml);
        var scored = model.Transform(data);
        var all = Scores.Read(ml.Transforms.CalculateMlpFeatureContribution(model.LastTransformer).Fit(scored).Transform(scored), "FeatureContributions");
        var predicted = Scores.Read(ml.Transforms.CalculateMlpFeatureContribution(model.LastTransformer,
            new MlpFeatureContributionOptions { PredictedClassOnly = true }).Fit(scored).Transform(scored), "FeatureContributions");
        var labels = scored.GetColumn<uint>("PredictedLabel").ToArray();
        for (int row = 0; row < labels.Length; row++)
        {
            int c = (int)labels[row] - 1;
            Assert.Equal(Scores.Bits(all[(row * 12 + c * 4)..(row * 12 + c * 4 + 4)]), Scores.Bits(predicted[(row * 4)..(row * 4 + 4)]));
        }
    }

    [Fact]
    public void Binary_defaults_equal_what_MLNETs_own_transform_gets_and_gradient_times_input_uses_the_given_baseline()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.NormalizeMeanVariance("Features").Fit(Datasets.Binary(ml, "moons_200")).Transform(Datasets.Binary(ml, "moons_200"));
        var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { HiddenLayers = [16, 8], NumberOfEpochs = 20 }).Fit(data);
        var ours = Scores.Read(ml.Transforms.CalculateMlpFeatureContribution(model).Fit(data).Transform(data), "FeatureContributions");
        var theirs = Scores.Read(ml.Transforms.CalculateFeatureContribution(model, 2, 2, normalize: false).Fit(data).Transform(data), "FeatureContributions");
        Assert.Equal(Scores.Bits(ours.Select(v => v == 0 ? 0f : v).ToArray()), Scores.Bits(theirs));

        float[] baseline = [0.5f, -0.25f];
        var gradientTimesInput = Scores.Read(ml.Transforms.CalculateMlpFeatureContribution(model,
            new MlpFeatureContributionOptions { Method = FeatureContributionMethod.GradientTimesInput, Baseline = baseline }).Fit(data).Transform(data), "FeatureContributions");
        var features = data.GetColumn<float[]>("Features").ToArray();
        var mlp = model.Model;
        for (int row = 0; row < 20; row++)
        {
            for (int i = 0; i < 2; i++)
            {
                // Central difference of the logit at the row, times the distance from the baseline.
                const float h = 1e-3f;
                float[] plus = (float[])features[row].Clone(), minus = (float[])features[row].Clone();
                plus[i] += h;
                minus[i] -= h;
                double slope = (Logits(mlp, plus)[0] - Logits(mlp, minus)[0]) / (plus[i] - minus[i]);
                double expected = (features[row][i] - baseline[i]) * slope;
                Assert.True(Math.Abs(gradientTimesInput[row * 2 + i] - expected) <= 2e-3 * Math.Max(1, Math.Abs(expected)),
                    $"row {row}, feature {i}: {gradientTimesInput[row * 2 + i]} against {expected}");
            }
        }
    }

    [Fact]
    public void A_multiclass_perceptron_gets_weight_times_feature_exactly_for_every_class()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Load(ml, "iris", DataKind.String);
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.Perceptron()).Fit(data);
        var scored = model.Transform(data);
        var all = Scores.Read(ml.Transforms.CalculateMlpFeatureContribution(model.LastTransformer).Fit(scored).Transform(scored), "FeatureContributions");
        var predicted = Scores.Read(ml.Transforms.CalculateMlpFeatureContribution(model.LastTransformer, predictedClassOnly: true).Fit(scored).Transform(scored), "FeatureContributions");
        var features = scored.GetColumn<float[]>("Features").ToArray();
        var labels = scored.GetColumn<uint>("PredictedLabel").ToArray();
        var weights = model.LastTransformer.Model.Weights;
        for (int row = 0; row < features.Length; row++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int i = 0; i < 4; i++)
                    Assert.Equal(BitConverter.SingleToInt32Bits(weights[c * 4 + i] * features[row][i]), BitConverter.SingleToInt32Bits(all[row * 12 + c * 4 + i]));
            }

            int p = (int)labels[row] - 1;
            Assert.Equal(Scores.Bits(all[(row * 12 + p * 4)..(row * 12 + p * 4 + 4)]), Scores.Bits(predicted[(row * 4)..(row * 4 + 4)]));
        }
    }

    [Theory]
    [InlineData("Steps")]
    [InlineData("MaximumSteps")]
    [InlineData("Baseline")]
    public void Options_out_of_range_are_refused_naming_the_option(string option)
    {
        var ml = new MLContext(seed: 1);
        var (_, model) = Iris(ml);
        var options = option switch
        {
            "Steps" => new MlpFeatureContributionOptions { Steps = 0 },
            "MaximumSteps" => new MlpFeatureContributionOptions { Steps = 64, MaximumSteps = 32 },
            _ => new MlpFeatureContributionOptions { Baseline = [1f, 2f] },
        };
        var error = Assert.ThrowsAny<ArgumentException>(() => ml.Transforms.CalculateMlpFeatureContribution(model.LastTransformer, options));
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void A_saved_pipeline_gives_the_same_bits_after_loading_and_in_a_fresh_process()
    {
        var ml = new MLContext(seed: 1);
        var (data, model) = Iris(ml);
        var explain = ml.Transforms.CalculateMlpFeatureContribution(model.LastTransformer,
            new MlpFeatureContributionOptions { Steps = 16, MaximumSteps = 432, Baseline = [0.1f, -0.2f, 0.3f, 0f] });
        var full = model.Append(explain.Fit(model.Transform(data)));
        var expected = Scores.Read(full.Transform(data), "FeatureContributions");
        Assert.Contains(expected, v => v != 0);

        using var temp = new TempDirectory();
        string path = temp.File("model.zip");
        ml.Model.Save(full, data.Schema, path);
        var loaded = new MLContext(seed: 5).Model.Load(path, out _);
        Assert.Equal(Scores.Bits(expected), Scores.Bits(Scores.Read(loaded.Transform(data), "FeatureContributions")));
        var child = ModelScorerProcess.Score(path, Datasets.PathOf("iris"), "FeatureContributions");
        Assert.Equal(Scores.Bits(expected), Scores.Bits(child.Scores));
    }

    private static float[] Logits(MlpMulticlassModelParameters model, float[] features) => Logits(model.Network, model.InputEncoding, features);

    private static float[] Logits(MlpBinaryModelParameters model, float[] features) => Logits(model.Network, model.InputEncoding, features);

    private static float[] Logits(DenseNetwork network, InputEncoding? encoding, float[] features)
    {
        float[] input = features;
        if (encoding is not null)
        {
            input = new float[encoding.EncodedSize];
            encoding.Encode(features, input);
        }

        var output = new float[network.OutputSize];
        network.Forward(input, output, new float[network.ScratchSize]);
        return output;
    }
}
