using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Onnx.Tests.Infrastructure;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlNetNeural.Onnx.Tests;

/// <summary>
/// Every model kind exported with <c>ConvertToOnnx</c> and scored by ONNX Runtime on real data gives
/// ML.NET's own outputs: the same columns, scores within 1e-5 (relative above 1), identical labels.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public enum Kind { Binary, Multiclass, Regression }

    public static TheoryData<Kind, Activation> KindsAndActivations()
    {
        var data = new TheoryData<Kind, Activation>();
        foreach (var kind in Enum.GetValues<Kind>())
            foreach (var activation in Enum.GetValues<Activation>())
                data.Add(kind, activation);
        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndActivations))]
    public void Mlp_exported_to_onnx_scores_like_mlnet(Kind kind, Activation activation)
    {
        var ml = new MLContext(seed: 1);
        var (data, estimator) = kind switch
        {
            Kind.Binary => (Datasets.Binary(ml, "breast_cancer"), (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.Mlp(
                new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8, 6], HiddenActivation = activation, NumberOfEpochs = 10, Seed = 1 })),
            Kind.Multiclass => (Datasets.Multiclass(ml, "iris"), ml.MulticlassClassification.Trainers.Mlp(
                new MlpMulticlassTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8, 6], HiddenActivation = activation, NumberOfEpochs = 20, Seed = 1 })),
            _ => (Datasets.Regression(ml, "diabetes"), ml.Regression.Trainers.Mlp(
                new MlpRegressionTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8, 6], HiddenActivation = activation, NumberOfEpochs = 20, Seed = 1 })),
        };
        var model = ml.Transforms.NormalizeMeanVariance("Features").Append(estimator).Fit(data);

        var diff = CompareWithOnnx(ml, model, data, kind);
        output.WriteLine($"{kind} MLP, {activation}: max |ML.NET − ONNX Runtime| {diff.Absolute:G3}, relative {diff.Relative:G3}");
    }

    [Theory]
    [InlineData(Kind.Binary)]
    [InlineData(Kind.Multiclass)]
    [InlineData(Kind.Regression)]
    public void Mlp_with_the_default_input_encoding_exports_to_onnx_and_scores_like_mlnet(Kind kind)
    {
        // The default recipe: robust scaling, smooth clipping and periodic features run as ONNX operators before the layers.
        var ml = new MLContext(seed: 1);
        var (data, estimator) = kind switch
        {
            Kind.Binary => (Datasets.Binary(ml, "breast_cancer"), (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.Mlp(
                new MlpBinaryTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 5, Seed = 1 })),
            Kind.Multiclass => (Datasets.Multiclass(ml, "iris"), ml.MulticlassClassification.Trainers.Mlp(
                new MlpMulticlassTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 5, Seed = 1 })),
            _ => (Datasets.Regression(ml, "diabetes"), ml.Regression.Trainers.Mlp(
                new MlpRegressionTrainer.Options { HiddenLayers = [16], NumberOfEpochs = 5, Seed = 1 })),
        };
        var model = ml.Transforms.NormalizeMeanVariance("Features").Append(estimator).Fit(data);
        var mlp = ((dynamic)((TransformerChain<ITransformer>)model).LastTransformer).Model;
        Assert.NotEmpty(((MlNetNeural.Neural.InputEncoding)mlp.InputEncoding).PeriodicColumns);

        var diff = CompareWithOnnx(ml, model, data, kind);
        output.WriteLine($"{kind} MLP with input encoding: max |ML.NET − ONNX Runtime| {diff.Absolute:G3}, relative {diff.Relative:G3}");
    }

    [Fact]
    public void Mlp_trained_on_sparse_features_exports_to_onnx_and_scores_like_mlnet()
    {
        // Export of a model trained on sparse rows (the fitted weights' layout is held by the sparse = dense tests).
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        const int slots = 300;
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var indices = Enumerable.Range(0, 8).Select(_ => random.Next(slots)).Distinct().Order().ToArray();
            var values = indices.Select(_ => (float)random.NextDouble()).ToArray();
            return new SparseRow { Label = indices.Count(i => i < 100) > 2, Features = new VBuffer<float>(slots, indices.Length, values, indices) };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [16], NumberOfEpochs = 5, Seed = 1, FeatureStorage = FeatureStorage.Sparse,
        }).Fit(data);

        var diff = CompareWithOnnx(ml, model, data, Kind.Binary);
        output.WriteLine($"sparse-trained binary MLP: max |ML.NET − ONNX Runtime| {diff.Absolute:G3}, relative {diff.Relative:G3}");
    }

    private sealed class SparseRow
    {
        public bool Label { get; set; }

        [VectorType(300)]
        public VBuffer<float> Features { get; set; }
    }

    [Fact]
    public void Binary_perceptron_exported_to_onnx_scores_like_mlnet()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        // Float32 rounding of w·x grows with Σ|wᵢxᵢ|. Started from zero weights, a perceptron's mistakes
        // (and so its model, up to scale) do not depend on η; η = 0.01 keeps the scores of order one, as a
        // logit's, where 1e-5 is a meaningful bound. (With η = 1 the scores reach the hundreds and the two
        // summation orders differ by up to 2.3e-5, 9.5e-6 relative.)
        var model = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.Perceptron(learningRate: 0.01f, numberOfEpochs: 5)).Fit(data);

        var diff = CompareWithOnnx(ml, model, data, Kind.Binary, hasProbability: false);
        output.WriteLine($"binary perceptron: max |ML.NET − ONNX Runtime| {diff.Absolute:G3}, relative {diff.Relative:G3}");
    }

    [Fact]
    public void Multiclass_perceptron_exported_to_onnx_scores_like_mlnet()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Multiclass(ml, "iris");
        var model = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.MulticlassClassification.Trainers.Perceptron(numberOfEpochs: 5)).Fit(data);

        var diff = CompareWithOnnx(ml, model, data, Kind.Multiclass);
        output.WriteLine($"multiclass perceptron: max |ML.NET − ONNX Runtime| {diff.Absolute:G3}, relative {diff.Relative:G3}");
    }

    [Fact]
    public void Model_loaded_from_a_zip_still_exports_to_onnx()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var model = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [5], NumberOfEpochs = 5, Seed = 1 })).Fit(data);
        using var temp = new TempDirectory();
        ml.Model.Save(model, data.Schema, temp.File("model.zip"));
        var loaded = ml.Model.Load(temp.File("model.zip"), out _);

        CompareWithOnnx(ml, loaded, data, Kind.Binary);
    }

    /// <summary>The exported graph has the same outputs, with the same element types, as ML.NET's own trainer of the same task.</summary>
    [Theory]
    [InlineData("mlp-binary")]
    [InlineData("perceptron-binary")]
    [InlineData("mlp-multiclass")]
    [InlineData("perceptron-multiclass")]
    [InlineData("mlp-regression")]
    public void Onnx_outputs_match_mlnets_own_trainer(string which)
    {
        var ml = new MLContext(seed: 1);
        var (data, ours, theirs) = which switch
        {
            "mlp-binary" => (Datasets.Binary(ml, "breast_cancer"),
                (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.Mlp(hiddenLayers: [4], numberOfEpochs: 2),
                (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
            "perceptron-binary" => (Datasets.Binary(ml, "breast_cancer"),
                ml.BinaryClassification.Trainers.Perceptron(numberOfEpochs: 2),
                ml.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 2)),
            "mlp-multiclass" => (Datasets.Multiclass(ml, "iris"),
                ml.MulticlassClassification.Trainers.Mlp(hiddenLayers: [4], numberOfEpochs: 2),
                ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()),
            "perceptron-multiclass" => (Datasets.Multiclass(ml, "iris"),
                ml.MulticlassClassification.Trainers.Perceptron(numberOfEpochs: 2),
                ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()),
            _ => (Datasets.Regression(ml, "diabetes"),
                ml.Regression.Trainers.Mlp(hiddenLayers: [4], numberOfEpochs: 2),
                ml.Regression.Trainers.Sdca()),
        };
        var features = OnnxScoring.FeaturesOnly(ml, data);
        using var temp = new TempDirectory();
        var normalize = ml.Transforms.NormalizeMeanVariance("Features");
        var oursPath = OnnxScoring.Export(ml, normalize.Append(ours).Fit(data), features, temp.File("ours.onnx"));
        var theirsPath = OnnxScoring.Export(ml, normalize.Append(theirs).Fit(data), features, temp.File("theirs.onnx"));

        Assert.Equal(OnnxScoring.OutputSignature(theirsPath), OnnxScoring.OutputSignature(oursPath));
    }

    private static (double Absolute, double Relative) CompareWithOnnx(MLContext ml, ITransformer model, IDataView data, Kind kind, bool hasProbability = true)
    {
        var features = OnnxScoring.FeaturesOnly(ml, data);
        var scored = model.Transform(features);
        using var temp = new TempDirectory();
        var path = OnnxScoring.Export(ml, model, features, temp.File("model.onnx"));
        var onnx = OnnxScoring.Run(path, OnnxScoring.ReadFeatures(features));

        var diff = OnnxScoring.AssertClose(OnnxScoring.Column<float>(scored, "Score"), (float[])onnx["Score.output"], Tolerance, "Score");
        switch (kind)
        {
            case Kind.Binary:
                Assert.Equal(OnnxScoring.Column<bool>(scored, "PredictedLabel"), (bool[])onnx["PredictedLabel.output"]);
                Assert.Equal(hasProbability, onnx.ContainsKey("Probability.output"));
                if (hasProbability)
                {
                    var p = OnnxScoring.AssertClose(OnnxScoring.Column<float>(scored, "Probability"), (float[])onnx["Probability.output"], Tolerance, "Probability");
                    diff = (Math.Max(diff.Absolute, p.Absolute), Math.Max(diff.Relative, p.Relative));
                }
                break;
            case Kind.Multiclass:
                Assert.Equal(OnnxScoring.Column<uint>(scored, "PredictedLabel"), (uint[])onnx["PredictedLabel.output"]);
                break;
            case Kind.Regression:
                Assert.False(onnx.ContainsKey("PredictedLabel.output"));
                break;
        }
        return diff;
    }
}
