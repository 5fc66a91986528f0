using MlNetNeural.Neural;
using MlNetNeural.Neural.Losses;

namespace MlNetNeural.Neural.Tests.Support;

/// <summary>Seeded random inputs, parameters and targets for the tests.</summary>
internal static class TestData
{
    public static double[] Uniform(Random random, int count, double low = -1, double high = 1)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = low + ((high - low) * random.NextDouble());
        }

        return values;
    }

    /// <summary>Weights and biases uniform in ±<paramref name="scale"/>/√fan-in so activations stay in their interesting range.</summary>
    public static ParameterSet<double> Parameters(Random random, int inputSize, int[] layerSizes, double scale = 1.5)
    {
        var p = new ParameterSet<double>(inputSize, layerSizes);
        for (int l = 0; l < layerSizes.Length; l++)
        {
            double limit = scale / Math.Sqrt(p.LayerInputSize(l));
            Uniform(random, p.Weights[l].Length, -limit, limit).CopyTo(p.Weights[l], 0);
            Uniform(random, p.Biases[l].Length, -0.5, 0.5).CopyTo(p.Biases[l], 0);
        }

        return p;
    }

    /// <summary>One-hot rows for <paramref name="rows"/> random classes out of <paramref name="classes"/>.</summary>
    public static double[] OneHot(Random random, int rows, int classes)
    {
        var t = new double[rows * classes];
        for (int r = 0; r < rows; r++)
        {
            t[(r * classes) + random.Next(classes)] = 1;
        }

        return t;
    }

    /// <summary>Targets suited to <paramref name="loss"/>: 0/1, one-hot, or real values.</summary>
    public static double[] Targets(Random random, LossFunction loss, int rows, int width) => loss switch
    {
        LossFunction.BinaryCrossEntropy => Array.ConvertAll(Uniform(random, rows * width, 0, 1), v => v < 0.5 ? 0.0 : 1.0),
        LossFunction.SoftmaxCrossEntropy => OneHot(random, rows, width),
        _ => Uniform(random, rows * width, -2, 2),
    };

    public static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);
}
