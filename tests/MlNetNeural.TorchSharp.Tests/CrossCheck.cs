using MlNetNeural.Neural;
using Xunit;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>Comparison helpers shared by the cross-backend tests.</summary>
internal static class CrossCheck
{
    /// <summary>Asserts |a − b| ≤ tolerance·max(|a|, |b|), with a tiny absolute floor for values near 0.</summary>
    public static void Relative(double expected, double actual, double tolerance, string what)
    {
        double scale = Math.Max(Math.Max(Math.Abs(expected), Math.Abs(actual)), 1e-12);
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale,
            $"{what}: managed {expected:R} vs TorchSharp {actual:R}, relative difference {Math.Abs(expected - actual) / scale:E2} > {tolerance:E0}.");
    }

    /// <summary>
    /// Asserts max|a − b| ≤ tolerance·max|a| over one array (a normwise relative difference, so a tiny
    /// entry next to large ones is not judged on its own digits).
    /// </summary>
    public static void Arrays(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1e-7, worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.Length; i++)
            scale = Math.Max(scale, Math.Abs(expected[i]));
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs((double)expected[i] - actual[i]);
            if (difference > worst)
                (worst, worstAt) = (difference, i);
        }
        Assert.True(worst <= tolerance * scale,
            $"{what}: element {worstAt} managed {(worstAt >= 0 ? expected[worstAt] : 0):R} vs TorchSharp {(worstAt >= 0 ? actual[worstAt] : 0):R}; " +
            $"max difference {worst:E2} > {tolerance:E0} × max magnitude {scale:E2}.");
    }

    /// <summary>Compares every weight and bias array of two parameter sets.</summary>
    public static void Parameters(ParameterSet<float> expected, ParameterSet<float> actual, double tolerance, string what)
    {
        for (int l = 0; l < expected.LayerCount; l++)
        {
            Arrays(expected.Weights[l], actual.Weights[l], tolerance, $"{what}, weights of layer {l}");
            Arrays(expected.Biases[l], actual.Biases[l], tolerance, $"{what}, biases of layer {l}");
        }
    }

    /// <summary>Standard normal draws (Box–Muller) from a seeded generator.</summary>
    public static float[] Normal(Random random, int count, double scale = 1)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return values;
    }
}
