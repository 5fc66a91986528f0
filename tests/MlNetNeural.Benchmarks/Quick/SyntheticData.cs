using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>One example: a float vector and a class (or 0/1) label.</summary>
public sealed class Example
{
    public uint Label { get; set; }

    public float[] Features { get; set; } = [];
}

/// <summary>The benchmark's data sets, generated in code with fixed seeds.</summary>
internal static class SyntheticData
{
    /// <summary>Gaussian clusters around random class centres: <paramref name="rows"/> × <paramref name="features"/>, labels 0..classes−1.</summary>
    public static (float[] Features, int[] Labels) Clusters(int rows, int features, int classes, int seed)
    {
        var random = new Random(seed);
        var centres = new float[classes * features];
        for (int i = 0; i < centres.Length; i++)
            centres[i] = (float)Normal(random);
        var x = new float[(long)rows * features];
        var y = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = random.Next(classes);
            y[r] = label;
            for (int j = 0; j < features; j++)
                x[((long)r * features) + j] = centres[(label * features) + j] + (float)Normal(random);
        }
        return (x, y);
    }

    /// <summary>The XOR truth table.</summary>
    public static (float[] Features, int[] Labels) Xor() => ([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0]);

    /// <summary>scikit-learn's two interleaving half circles with Gaussian noise.</summary>
    public static (float[] Features, int[] Labels) Moons(int rows, double noise, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows * 2];
        var y = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = r % 2;
            double t = Math.PI * random.NextDouble();
            double px = label == 0 ? Math.Cos(t) : 1 - Math.Cos(t);
            double py = label == 0 ? Math.Sin(t) : 0.5 - Math.Sin(t);
            x[2 * r] = (float)(px + (noise * Normal(random)));
            x[(2 * r) + 1] = (float)(py + (noise * Normal(random)));
            y[r] = label;
        }
        return (x, y);
    }

    /// <summary>An <see cref="IDataView"/> of the rows; multiclass labels become keys.</summary>
    public static IDataView ToDataView(MLContext ml, float[] features, int[] labels, int featureCount, bool multiclass)
    {
        if (!multiclass)
        {
            var binary = new BinaryExample[labels.Length];
            for (int r = 0; r < labels.Length; r++)
                binary[r] = new BinaryExample { Label = labels[r] != 0, Features = features.AsSpan(r * featureCount, featureCount).ToArray() };
            return ml.Data.LoadFromEnumerable(binary, WithVectorSize(typeof(BinaryExample), featureCount));
        }

        var examples = new Example[labels.Length];
        for (int r = 0; r < labels.Length; r++)
            examples[r] = new Example { Label = (uint)labels[r], Features = features.AsSpan(r * featureCount, featureCount).ToArray() };
        var view = ml.Data.LoadFromEnumerable(examples, WithVectorSize(typeof(Example), featureCount));
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(view).Transform(view);
    }

    public static SchemaDefinition WithVectorSize(Type type, int featureCount)
    {
        var schema = SchemaDefinition.Create(type);
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private sealed class BinaryExample
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
