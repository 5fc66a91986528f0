using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Golden;

namespace MlNetNeural.Tests.Reliability;

/// <summary>
/// The specific hostile files the fuzz found, as regression tests: finite parameters so large that scores
/// would overflow float32 are refused at load naming the field; an output layer of the wrong width is a
/// format error the ML.NET way (not a bare <see cref="TargetInvocationException"/>); and multiclass
/// scores are finite probabilities even for raw scores far beyond exp's range.
/// </summary>
public sealed class HostileModelFileTests
{
    /// <summary>Where the first weight sits in each kind's model block (see the *** Binary format *** comments).</summary>
    [Theory]
    [InlineData("perceptron-binary", 8)]      // sizeof(float), feature count
    [InlineData("perceptron-multiclass", 12)] // sizeof(float), feature count, class count
    [InlineData("mlp-binary", 28)]            // sizeof(float), input size, layer count, 2 × (size, activation)
    [InlineData("mlp-multiclass", 28)]
    [InlineData("mlp-regression", 36)]        // three layers
    public void A_finite_weight_too_large_to_score_is_refused_naming_the_field(string name, int firstWeight)
    {
        var kind = GoldenModels.ByName(name);
        var error = LoadEdited(kind, (entry, blockStart, _) => BitConverter.TryWriteBytes(entry.AsSpan(blockStart + firstWeight), 1e36f));
        var format = FormatError(error);
        Assert.Contains("field 'Weights'", format.Message);
        Assert.Contains("overflow float32", format.Message);
    }

    [Fact]
    public void A_regression_target_scale_that_would_overflow_the_scores_is_refused()
    {
        var error = LoadEdited(GoldenModels.MlpRegression,
            (entry, blockStart, blockLength) => BitConverter.TryWriteBytes(entry.AsSpan(blockStart + blockLength - sizeof(double)), 1e300));
        Assert.Contains("field 'TargetScale'", FormatError(error).Message);
    }

    [Fact]
    public void An_output_layer_of_the_wrong_width_is_a_format_error_not_a_bare_TargetInvocationException()
    {
        // The multiclass MLP's block (three outputs) inside the binary MLP's entry: a well-formed network
        // that the binary loader must refuse.
        var multiclass = ModelZip.Read(File.ReadAllBytes(GoldenModels.ZipPath(GoldenModels.MlpMulticlass)));
        var multiclassEntry = multiclass.Entries[multiclass.IndexOf(GoldenModels.MlpMulticlass.LoaderSignature)].Data;
        var (start, length) = ModelZip.ModelBlock(multiclassEntry);

        var binary = ModelZip.Read(File.ReadAllBytes(GoldenModels.ZipPath(GoldenModels.MlpBinary)));
        int ours = binary.IndexOf(GoldenModels.MlpBinary.LoaderSignature);
        binary.Entries[ours] = (binary.Entries[ours].Name, ModelZip.WithModelBlock(binary.Entries[ours].Data, multiclassEntry.AsSpan(start, length)));

        var error = Record.Exception(() => new MLContext(seed: 1).Model.Load(new MemoryStream(binary.ToBytes()), out _));
        Assert.IsType<InvalidOperationException>(error);
        var format = FormatError(error);
        Assert.Contains("binary MLP", format.Message);
        Assert.Contains("3 units, expected 1", format.Message);
    }

    [Fact]
    public void Multiclass_perceptron_scores_are_finite_probabilities_for_raw_scores_beyond_exp_range()
    {
        // Raw scores 500, 100 and −300: e^500 overflows float, so an unshifted softmax gave ∞/∞ = NaN.
        var model = new PerceptronMulticlassModelParameters(new MLContext(seed: 1), 2, [1, 0, 0, 1, -1, 0], [0, 0, 0], []);
        var scores = Map(model, [500, 100]);
        Assert.Equal([1f, 0f, 0f], scores);
    }

    [Fact]
    public void Multiclass_mlp_scores_are_finite_probabilities_for_logits_beyond_exp_range()
    {
        var network = new DenseNetwork(1, [3], [Activation.Identity], [[1000f, 999f, -1000f]], [[0f, 0f, 0f]]);
        var model = new MlpMulticlassModelParameters(new MLContext(seed: 1), network, TrainingHistory.Empty);
        var scores = Map(model, [1]);
        Assert.All(scores, s => Assert.True(float.IsFinite(s)));
        Assert.Equal(1.0, scores.Sum(), 5);
        Assert.Equal(1 / (1 + Math.Exp(-1)), scores[0], 5); // softmax(1000, 999) = (σ(1), σ(−1))
    }

    private static float[] Map(object model, float[] features)
    {
        var mapper = ((IValueMapper)model).GetMapper<VBuffer<float>, VBuffer<float>>();
        var input = new VBuffer<float>(features.Length, features);
        VBuffer<float> output = default;
        mapper(in input, ref output);
        return output.DenseValues().ToArray();
    }

    /// <summary>Loads the golden zip of <paramref name="kind"/> after <paramref name="edit"/>(entry, block start, block length) changed our entry; returns the error.</summary>
    private static Exception LoadEdited(GoldenModels.Kind kind, Action<byte[], int, int> edit)
    {
        var zip = ModelZip.Read(File.ReadAllBytes(GoldenModels.ZipPath(kind)));
        var entry = zip.Entries[zip.IndexOf(kind.LoaderSignature)].Data;
        var (start, length) = ModelZip.ModelBlock(entry);
        edit(entry, start, length);
        var error = Record.Exception(() => new MLContext(seed: 1).Model.Load(new MemoryStream(zip.ToBytes()), out _));
        Assert.NotNull(error);
        Assert.IsNotType<TargetInvocationException>(error);
        return error;
    }

    private static FormatException FormatError(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is FormatException format)
                return format;
        }
        throw new Xunit.Sdk.XunitException($"no FormatException in {error}");
    }
}
