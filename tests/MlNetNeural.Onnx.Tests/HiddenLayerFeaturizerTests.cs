using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Featurizers;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Onnx.Tests.Infrastructure;
using MlNetNeural.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlNetNeural.Onnx.Tests;

/// <summary>The hidden-layer featurizer: schema, values, persistence, ONNX export and bad input.</summary>
public sealed class HiddenLayerFeaturizerTests(ITestOutputHelper output)
{
    private static (MLContext Ml, IDataView Data, TransformerChain<BinaryPredictionTransformer<MlpBinaryModelParameters>> Model) TrainBinary(Activation activation = Activation.Relu)
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var model = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [7, 5], HiddenActivation = activation, NumberOfEpochs = 5, Seed = 1 }))
            .Fit(data);
        return (ml, model.Transform(data), model);
    }

    [Fact]
    public void Output_column_is_a_known_size_float_vector_of_the_layer_width()
    {
        var (ml, scored, model) = TrainBinary();
        var estimator = ml.Transforms.MlpHiddenLayer("Hidden", model.LastTransformer, layerIndex: 1);

        var transformer = estimator.Fit(scored);
        var schema = transformer.GetOutputSchema(scored.Schema);
        Assert.Equal(schema["Hidden"].Type, transformer.Transform(scored).Schema["Hidden"].Type);
        var type = Assert.IsType<VectorDataViewType>(schema["Hidden"].Type);
        Assert.Equal(NumberDataViewType.Single, type.ItemType);
        Assert.Equal(5, type.Size);
        Assert.Equal(5, transformer.OutputSize);
        Assert.Equal(1, transformer.LayerIndex);
        Assert.Equal("Features", transformer.InputColumnName);
    }

    [Theory]
    [InlineData(Activation.Relu, 0)]
    [InlineData(Activation.Relu, 1)]
    [InlineData(Activation.Tanh, 1)]
    [InlineData(Activation.Elu, 0)]
    [InlineData(Activation.LeakyRelu, 1)]
    [InlineData(Activation.Sigmoid, 0)]
    [InlineData(Activation.Identity, 1)]
    [InlineData(Activation.Selu, 0)]
    [InlineData(Activation.Gelu, 1)]
    [InlineData(Activation.Silu, 0)]
    [InlineData(Activation.Mish, 1)]
    public void Values_equal_a_manual_forward_pass_to_that_layer(Activation activation, int layer)
    {
        var (ml, scored, model) = TrainBinary(activation);
        var network = model.LastTransformer.Model.Network;
        var featurized = ml.Transforms.MlpHiddenLayer("Hidden", model.LastTransformer.Model, layer).Fit(scored).Transform(scored);

        var actual = OnnxScoring.Column<float>(featurized, "Hidden");
        var expected = OnnxScoring.ReadFeatures(scored).SelectMany(x => ManualForward(network, x, layer)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"value {i}: manual {expected[i]}, featurizer {actual[i]}");
    }

    [Theory]
    [InlineData("multiclass")]
    [InlineData("regression")]
    public void Works_with_every_mlp_kind(string kind)
    {
        var ml = new MLContext(seed: 1);
        DenseNetwork network;
        InputEncoding? encoding;
        IDataView data;
        MlpHiddenLayerEstimator estimator;
        if (kind == "multiclass")
        {
            data = Datasets.Multiclass(ml, "iris");
            var model = ml.MulticlassClassification.Trainers.Mlp(hiddenLayers: [6], numberOfEpochs: 5).Fit(data);
            network = model.Model.Network;
            encoding = model.Model.InputEncoding;
            estimator = ml.Transforms.MlpHiddenLayer("Hidden", model, 0);
        }
        else
        {
            data = Datasets.Regression(ml, "diabetes");
            var model = ml.Regression.Trainers.Mlp(hiddenLayers: [6], numberOfEpochs: 5).Fit(data);
            network = model.Model.Network;
            encoding = model.Model.InputEncoding;
            estimator = ml.Transforms.MlpHiddenLayer("Hidden", model, 0);
        }

        // The default MLP encodes its features (robust scaling, periodic features): the featurizer must apply the same encoding.
        Assert.NotNull(encoding);
        var actual = OnnxScoring.Column<float>(estimator.Fit(data).Transform(data), "Hidden");
        var expected = OnnxScoring.ReadFeatures(data).SelectMany(x => ManualForward(network, Encoded(encoding, x), 0)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.First))));
    }

    private static float[] Encoded(InputEncoding encoding, float[] features)
    {
        var encoded = new float[encoding.EncodedSize];
        encoding.Encode(features, encoded);
        return encoded;
    }

    [Fact]
    public void Save_then_load_gives_identical_values()
    {
        var (ml, _, model) = TrainBinary(Activation.Tanh);
        var data = Datasets.Binary(ml, "breast_cancer");
        var pipeline = model.Append(ml.Transforms.MlpHiddenLayer("Hidden", model.LastTransformer, 0).Fit(model.Transform(data)));
        var before = OnnxScoring.Column<float>(pipeline.Transform(data), "Hidden");

        using var temp = new TempDirectory();
        ml.Model.Save(pipeline, data.Schema, temp.File("featurizer.zip"));
        var loaded = ml.Model.Load(temp.File("featurizer.zip"), out _);
        var after = OnnxScoring.Column<float>(loaded.Transform(data), "Hidden");

        Assert.Equal(Scores.Bits(before), Scores.Bits(after));
        var chain = Assert.IsAssignableFrom<TransformerChain<ITransformer>>(loaded);
        var featurizer = Assert.IsType<MlpHiddenLayerTransformer>(chain.Last());
        Assert.Equal(0, featurizer.LayerIndex);
        Assert.Equal(1, featurizer.Network.LayerCount);
    }

    [Fact]
    public void Exported_to_onnx_the_featurizer_gives_the_same_values()
    {
        var (ml, _, model) = TrainBinary(Activation.Elu);
        var data = Datasets.Binary(ml, "breast_cancer");
        var features = OnnxScoring.FeaturesOnly(ml, data);
        var normalizer = ml.Transforms.NormalizeMeanVariance("Features").Fit(data);
        var pipeline = normalizer.Append(ml.Transforms.MlpHiddenLayer("Hidden", model.LastTransformer, 1).Fit(normalizer.Transform(data)));

        using var temp = new TempDirectory();
        var path = OnnxScoring.Export(ml, pipeline, features, temp.File("featurizer.onnx"));
        var onnx = OnnxScoring.Run(path, OnnxScoring.ReadFeatures(features));
        var diff = OnnxScoring.AssertClose(OnnxScoring.Column<float>(pipeline.Transform(features), "Hidden"), (float[])onnx["Hidden.output"], 1e-5, "Hidden");
        output.WriteLine($"featurizer: max |ML.NET − ONNX Runtime| {diff.Absolute:G3}");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)] // the output layer
    [InlineData(99)]
    public void A_layer_index_that_is_not_a_hidden_layer_is_rejected_naming_it(int layerIndex)
    {
        var (ml, _, model) = TrainBinary();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.MlpHiddenLayer("Hidden", model.LastTransformer, layerIndex));

        Assert.Equal("layerIndex", error.ParamName);
        Assert.Contains($"Hidden layer index {layerIndex}", error.Message);
    }

    [Fact]
    public void A_layer_index_beyond_the_trained_network_is_rejected_when_fitting_from_a_trainer()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var estimator = ml.Transforms.MlpHiddenLayer("Hidden", ml.BinaryClassification.Trainers.Mlp(hiddenLayers: [4], numberOfEpochs: 1), layerIndex: 1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(data));

        Assert.Equal("layerIndex", error.ParamName);
        Assert.Contains("Hidden layer index 1", error.Message);
        Assert.Contains("valid values are 0 to 0", error.Message);
    }

    [Fact]
    public void A_features_column_of_the_wrong_size_is_rejected_naming_it()
    {
        var (ml, scored, model) = TrainBinary();
        var other = Datasets.Binary(ml, "moons_200");
        var transformer = ml.Transforms.MlpHiddenLayer("Hidden", model.LastTransformer, 0).Fit(scored);

        var error = Assert.ThrowsAny<ArgumentException>(() => transformer.Transform(other));

        Assert.Contains("Features", error.Message);
        Assert.Contains("Vector<Single, 30>", error.Message);
    }

    [Fact]
    public void Fitting_from_a_trainer_trains_the_network_on_the_data_given()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 3, Seed = 7 };
        var direct = ml.BinaryClassification.Trainers.Mlp(options).Fit(data).Model.Network;

        var featurizer = ml.Transforms.MlpHiddenLayer("Hidden", ml.BinaryClassification.Trainers.Mlp(options), 0).Fit(data);

        Assert.Equal(direct.Weights[0].ToArray(), featurizer.Network.Weights[0].ToArray());
    }

    /// <summary>a₀ = x; aₗ₊₁ = f(W·aₗ + b), in double, straight from the definition.</summary>
    internal static float[] ManualForward(DenseNetwork network, float[] input, int layer)
    {
        double[] a = input.Select(v => (double)v).ToArray();
        for (int l = 0; l <= layer; l++)
        {
            var w = network.Weights[l].Span;
            var b = network.Biases[l].Span;
            int outSize = network.LayerSizes[l], inSize = a.Length;
            var z = new double[outSize];
            for (int o = 0; o < outSize; o++)
            {
                double sum = b[o];
                for (int i = 0; i < inSize; i++)
                    sum += w[o * inSize + i] * a[i];
                z[o] = network.Activations[l] switch
                {
                    Activation.Identity => sum,
                    Activation.Relu => Math.Max(sum, 0),
                    Activation.LeakyRelu => sum > 0 ? sum : 0.01 * sum,
                    Activation.Elu => sum > 0 ? sum : Math.Exp(sum) - 1,
                    Activation.Tanh => Math.Tanh(sum),
                    Activation.Sigmoid => 1 / (1 + Math.Exp(-sum)),
                    Activation.Selu => 1.0507009873554805 * (sum > 0 ? sum : 1.6732632423543772 * (Math.Exp(sum) - 1)),
                    Activation.Gelu => 0.5 * sum * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (sum + (0.044715 * sum * sum * sum)))),
                    Activation.Silu => sum / (1 + Math.Exp(-sum)),
                    Activation.Mish => sum * Math.Tanh(Math.Log(1 + Math.Exp(sum))),
                    _ => throw new ArgumentOutOfRangeException(nameof(network)),
                };
            }
            a = z;
        }
        return a.Select(v => (float)v).ToArray();
    }
}
