using Microsoft.ML.Data;
using MlNetNeural.Explain;
using MlNetNeural.Neural;
using Xunit;
using MlNetNeural.Neural.Tests.Support;

namespace MlNetNeural.Neural.Tests.Explain;

/// <summary>
/// Integrated gradients and gradient × input on the managed network: the input gradient against central differences
/// (through the robust scaling and periodic features), completeness at the default steps for every activation, a sparse
/// row explained along its slots as its dense form, and the exact answer for a linear network.
/// </summary>
public sealed class IntegratedGradientsTests
{
    public static TheoryData<Activation> HiddenActivations => new(Enum.GetValues<Activation>());

    [Theory]
    [MemberData(nameof(HiddenActivations))]
    public void The_input_gradient_matches_central_differences_through_the_encoding(Activation activation)
    {
        var random = new Random(3);
        var encoding = Encoding(random, features: 6);
        var network = Network(random, encoding.EncodedSize, [24, 16, 3], activation);
        var gradients = new InputGradients(network, encoding);
        float[] x = Row(random, 6, scale: 2f);
        float[] outputWeights = [0.7f, -1.3f, 0.4f];

        gradients.ForwardDense(x, 1);
        var analytic = new float[6];
        gradients.Backward(outputWeights, default, analytic);

        for (int i = 0; i < 6; i++)
        {
            const float h = 1e-3f;
            float[] plus = (float[])x.Clone(), minus = (float[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Weighted(network, encoding, plus, outputWeights) - Weighted(network, encoding, minus, outputWeights)) / (plus[i] - minus[i]);
            Assert.True(Math.Abs(analytic[i] - numeric) <= 2e-3 * Math.Max(1, Math.Abs(numeric)),
                $"{activation}, feature {i}: analytic {analytic[i]}, central difference {numeric}");
        }
    }

    [Theory]
    [MemberData(nameof(HiddenActivations))]
    public void Contributions_add_up_to_the_score_difference_at_the_default_steps(Activation activation)
    {
        var random = new Random(11);
        for (int trial = 0; trial < 5; trial++)
        {
            var encoding = Encoding(random, features: 12);
            var network = Network(random, encoding.EncodedSize, [64, 32, 1], activation);
            var contributions = new NetworkContributions(network, encoding, FeatureContributionMethod.IntegratedGradients, ContributionMappers.DefaultSteps, ContributionMappers.DefaultMaximumSteps, baseline: null);
            float[] x = Row(random, 12, scale: 3f);
            VBuffer<float> result = default;
            contributions.Prepare(new VBuffer<float>(12, x));
            contributions.Explain([1f], ref result);

            double sum = result.GetValues().ToArray().Sum(v => (double)v);
            double score = Weighted(network, encoding, x, [1f]);
            double baseline = Weighted(network, encoding, encoding.Centers.ToArray(), [1f]);
            double error = Math.Abs(sum - (score - baseline));
            Assert.True(error <= 1e-3 * Math.Abs(score) + 1e-4,
                $"{activation}, trial {trial}: Σ contributions {sum}, score(x) − score(baseline) {score - baseline} (score {score}), error {error}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_sparse_row_is_explained_along_its_slots_as_its_dense_form(bool zeroPreservingScaling)
    {
        var random = new Random(5);
        var network = Network(random, 40, [16, 8, 1], Activation.Tanh);
        // The sparse recipe's scaling: each column times a factor, clipped, no centring and no periodic features.
        InputEncoding? encoding = zeroPreservingScaling
            ? new InputEncoding(new float[40], Enumerable.Range(0, 40).Select(i => 0.5f + i % 3).ToArray(), [], 0, [], [])
            : null;
        int[] slots = [2, 9, 17, 33];
        float[] values = [1.5f, -0.75f, 2f, 0.25f];
        var dense = new float[40];
        for (int j = 0; j < slots.Length; j++)
            dense[slots[j]] = values[j];

        var contributions = new NetworkContributions(network, encoding, FeatureContributionMethod.IntegratedGradients, 32, 32, baseline: null);
        VBuffer<float> fromSparse = default, fromDense = default;
        contributions.Prepare(new VBuffer<float>(40, slots.Length, values, slots));
        contributions.Explain([1f], ref fromSparse);
        contributions.Prepare(new VBuffer<float>(40, dense));
        contributions.Explain([1f], ref fromDense);

        Assert.False(fromSparse.IsDense);
        Assert.Equal(slots, fromSparse.GetIndices().ToArray());
        var denseValues = fromDense.DenseValues().ToArray();
        for (int i = 0; i < 40; i++)
        {
            float expected = Array.IndexOf(slots, i) is int j and >= 0 ? fromSparse.GetValues()[j] : 0f;
            Assert.True(Math.Abs(denseValues[i] - expected) <= 1e-6f * Math.Max(1, Math.Abs(expected)), $"slot {i}: dense {denseValues[i]}, sparse {expected}");
        }
    }

    [Theory]
    [InlineData((int)FeatureContributionMethod.IntegratedGradients)]
    [InlineData((int)FeatureContributionMethod.GradientTimesInput)]
    public void A_linear_network_gets_its_weight_times_the_distance_from_the_baseline(int methodValue)
    {
        var method = (FeatureContributionMethod)methodValue;
        float[] weights = [0.5f, -2f, 1.25f];
        var network = new DenseNetwork(3, [1], [Activation.Identity], [weights], [[0.3f]]);
        float[] baseline = [1f, 0f, -1f];
        float[] x = [3f, 0.5f, 2f];
        var contributions = new NetworkContributions(network, null, method, 8, 8, baseline);
        VBuffer<float> result = default;
        contributions.Prepare(new VBuffer<float>(3, x));
        contributions.Explain([1f], ref result);

        for (int i = 0; i < 3; i++)
            Assert.Equal(weights[i] * (x[i] - baseline[i]), result.GetValues()[i], 1e-6f);
    }

    [Fact]
    public void A_smooth_network_keeps_the_default_steps_and_a_relu_network_refines_only_when_it_must()
    {
        var random = new Random(2);
        var smooth = Network(random, 10, [32, 1], Activation.Gelu);
        var contributions = new NetworkContributions(smooth, null, FeatureContributionMethod.IntegratedGradients, 32, 7776, baseline: null);
        VBuffer<float> result = default;
        contributions.Prepare(new VBuffer<float>(10, Row(random, 10, 1f)));
        contributions.Explain([1f], ref result);
        Assert.Equal(32, contributions.LastSteps);

        // A ReLU network's kinks make 32 plain steps miss the score difference; with a budget the segments are cut until
        // the sum holds, without one the row costs exactly the steps asked for and the sum is further off.
        var encoding = Encoding(random, features: 12); // periodic features too: many kinks along the path
        var relu = Network(random, encoding.EncodedSize, [64, 32, 1], Activation.Relu);
        var x = new VBuffer<float>(12, Row(random, 12, 3f));
        double gap = Weighted(relu, encoding, x.DenseValues().ToArray(), [1f]) - Weighted(relu, encoding, encoding.Centers.ToArray(), [1f]);
        double Error(NetworkContributions explainer)
        {
            explainer.Prepare(x);
            explainer.Explain([1f], ref result);
            return Math.Abs(result.GetValues().ToArray().Sum(v => (double)v) - gap);
        }

        var fixedSteps = new NetworkContributions(relu, encoding, FeatureContributionMethod.IntegratedGradients, 32, 32, baseline: null);
        var refined = new NetworkContributions(relu, encoding, FeatureContributionMethod.IntegratedGradients, 32, 7776, baseline: null);
        double fixedError = Error(fixedSteps), refinedError = Error(refined);
        Assert.Equal(32, fixedSteps.LastSteps);
        Assert.InRange(refined.LastSteps, 33, 7776);
        Assert.True(refinedError < fixedError, $"refined error {refinedError} against fixed {fixedError}");
    }

    [Fact]
    public void After_warm_up_explaining_a_row_allocates_nothing()
    {
        var random = new Random(8);
        var encoding = Encoding(random, features: 64);
        var network = Network(random, encoding.EncodedSize, [256, 128, 10], Activation.Relu);
        var contributions = new NetworkContributions(network, encoding, FeatureContributionMethod.IntegratedGradients, 32, 32, baseline: null);
        var rows = Enumerable.Range(0, 4).Select(_ => new VBuffer<float>(64, Row(random, 64, 2f))).ToArray();
        float[] classWeights = new float[10];
        classWeights[3] = 1f;
        VBuffer<float> result = default;
        foreach (var row in rows)
        {
            contributions.Prepare(row);
            contributions.Explain(classWeights, ref result);
        }

        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                contributions.Prepare(rows[i % rows.Length]);
                contributions.Explain(classWeights, ref result);
            }
        }));
    }

    internal static InputEncoding Encoding(Random random, int features)
    {
        var centers = Row(random, features, 0.5f);
        var scales = Enumerable.Range(0, features).Select(_ => 0.5f + (float)random.NextDouble()).ToArray();
        int[] periodic = Enumerable.Range(0, features).Where(i => i % 2 == 0).ToArray();
        const int frequencies = 4;
        var omegas = Enumerable.Range(0, periodic.Length * frequencies).Select(_ => (float)(2 * Math.PI * 0.5 * Normal(random))).ToArray();
        var phases = Enumerable.Range(0, periodic.Length * frequencies).Select(_ => (float)(2 * Math.PI * random.NextDouble())).ToArray();
        return new InputEncoding(centers, scales, periodic, frequencies, omegas, phases);
    }

    internal static DenseNetwork Network(Random random, int inputSize, int[] layerSizes, Activation hidden)
    {
        var weights = new float[layerSizes.Length][];
        var biases = new float[layerSizes.Length][];
        int fanIn = inputSize;
        for (int l = 0; l < layerSizes.Length; l++)
        {
            float scale = MathF.Sqrt(2f / fanIn);
            weights[l] = Enumerable.Range(0, layerSizes[l] * fanIn).Select(_ => scale * (float)Normal(random)).ToArray();
            biases[l] = Row(random, layerSizes[l], 0.1f);
            fanIn = layerSizes[l];
        }

        var activations = layerSizes.Select((_, l) => l == layerSizes.Length - 1 ? Activation.Identity : hidden).ToArray();
        return new DenseNetwork(inputSize, layerSizes, activations, weights, biases);
    }

    internal static float[] Row(Random random, int count, float scale) =>
        Enumerable.Range(0, count).Select(_ => scale * (float)(2 * random.NextDouble() - 1)).ToArray();

    internal static double Weighted(DenseNetwork network, InputEncoding? encoding, float[] x, float[] outputWeights)
    {
        float[] input = x;
        if (encoding is not null)
        {
            input = new float[encoding.EncodedSize];
            encoding.Encode(x, input);
        }

        var output = new float[network.OutputSize];
        network.Forward(input, output, new float[network.ScratchSize]);
        double sum = 0;
        for (int k = 0; k < output.Length; k++)
            sum += outputWeights[k] * (double)output[k];
        return sum;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
