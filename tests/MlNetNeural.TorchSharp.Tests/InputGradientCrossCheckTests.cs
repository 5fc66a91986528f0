using MlNetNeural.Explain;
using MlNetNeural.Neural;
using MlNetNeural.Training.Backends;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>
/// The explainers' input gradients (what integrated gradients averages) against TorchSharp's autograd, in float64, at the
/// points of a straight path from the baseline to a row: through the robust scaling, the smooth clipping, the periodic
/// features and every activation, for a weighted sum of the outputs as a multiclass explanation asks.
/// </summary>
public sealed class InputGradientCrossCheckTests
{
    private const double Tolerance = 1e-4;
    private const int Features = 5;
    private const int Points = 8;

    public static TheoryData<Activation> Activations => new(Enum.GetValues<Activation>());

    [Theory]
    [MemberData(nameof(Activations))]
    public void Input_gradients_at_the_path_points_match_autograd(Activation activation)
    {
        Assert.True(TorchSharpBackend.IsAvailable(out string? reason), reason);
        var random = new Random(17 + (int)activation);
        var encoding = Encoding(random);
        var network = Network(random, encoding.EncodedSize, [12, 7, 3], activation);
        float[] outputWeights = [0.8f, -1.1f, 0.45f];
        float[] row = Uniform(random, Features, 2.5f);
        float[] baseline = encoding.Centers.ToArray();
        var points = new float[Points * Features];
        for (int p = 0; p < Points; p++)
        {
            float alpha = (p + 0.5f) / Points;
            for (int i = 0; i < Features; i++)
                points[p * Features + i] = baseline[i] + alpha * (row[i] - baseline[i]);
        }

        var gradients = new InputGradients(network, encoding);
        gradients.ForwardDense(points, Points);
        var managed = new float[Points * Features];
        gradients.Backward(outputWeights, default, managed);

        var expected = AutogradGradients(network, encoding, points, outputWeights);
        CrossCheck.Arrays(managed, expected, Tolerance, $"input gradients under {activation}");
    }

    // The same function in torch ops, float64, differentiated by autograd with respect to the raw points.
    private static float[] AutogradGradients(DenseNetwork network, InputEncoding encoding, float[] points, float[] outputWeights)
    {
        using var scope = NewDisposeScope();
        var x = tensor(points.Select(v => (double)v).ToArray(), [Points, Features], ScalarType.Float64).requires_grad_(true);
        var centers = tensor(encoding.Centers.Select(v => (double)v).ToArray(), ScalarType.Float64);
        var scales = tensor(encoding.Scales.Select(v => (double)v).ToArray(), ScalarType.Float64);
        var z = (x - centers) * scales;
        var clipped = z / (1 + z * z / (InputEncoding.ClipRadius * InputEncoding.ClipRadius)).sqrt();
        var parts = new List<Tensor> { clipped };
        int k = encoding.FrequencyCount;
        for (int p = 0; p < encoding.PeriodicColumns.Count; p++)
        {
            var column = clipped[.., encoding.PeriodicColumns[p]].unsqueeze(1);
            var omega = tensor(encoding.AngularFrequencies.Skip(p * k).Take(k).Select(v => (double)v).ToArray(), ScalarType.Float64);
            var phase = tensor(encoding.Phases.Skip(p * k).Take(k).Select(v => (double)v).ToArray(), ScalarType.Float64);
            parts.Add((column * omega + phase).cos());
        }

        var a = cat(parts, 1);
        for (int l = 0; l < network.LayerCount; l++)
        {
            var w = tensor(network.Weights[l].ToArray().Select(v => (double)v).ToArray(), [network.LayerSizes[l], network.LayerInputSize(l)], ScalarType.Float64);
            var b = tensor(network.Biases[l].ToArray().Select(v => (double)v).ToArray(), ScalarType.Float64);
            a = TorchSharpEngine.Activate(network.Activations[l], a.matmul(w.t()) + b);
        }

        var weights = tensor(outputWeights.Select(v => (double)v).ToArray(), ScalarType.Float64);
        (a * weights).sum().backward();
        return x.grad!.data<double>().Select(v => (float)v).ToArray();
    }

    private static InputEncoding Encoding(Random random)
    {
        var centers = Uniform(random, Features, 0.5f);
        var scales = Enumerable.Range(0, Features).Select(_ => 0.5f + (float)random.NextDouble()).ToArray();
        int[] periodic = [0, 2, 3];
        const int frequencies = 3;
        var omegas = Enumerable.Range(0, periodic.Length * frequencies).Select(_ => (float)(Math.PI * (2 * random.NextDouble() - 1))).ToArray();
        var phases = Enumerable.Range(0, periodic.Length * frequencies).Select(_ => (float)(2 * Math.PI * random.NextDouble())).ToArray();
        return new InputEncoding(centers, scales, periodic, frequencies, omegas, phases);
    }

    private static DenseNetwork Network(Random random, int inputSize, int[] layerSizes, Activation hidden)
    {
        var weights = new float[layerSizes.Length][];
        var biases = new float[layerSizes.Length][];
        int fanIn = inputSize;
        for (int l = 0; l < layerSizes.Length; l++)
        {
            weights[l] = Uniform(random, layerSizes[l] * fanIn, MathF.Sqrt(6f / fanIn));
            biases[l] = Uniform(random, layerSizes[l], 0.1f);
            fanIn = layerSizes[l];
        }

        var activations = layerSizes.Select((_, l) => l == layerSizes.Length - 1 ? Activation.Identity : hidden).ToArray();
        return new DenseNetwork(inputSize, layerSizes, activations, weights, biases);
    }

    private static float[] Uniform(Random random, int count, float scale) =>
        Enumerable.Range(0, count).Select(_ => scale * (float)(2 * random.NextDouble() - 1)).ToArray();
}
