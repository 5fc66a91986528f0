using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Golden;

/// <summary>
/// The committed golden model files: one tiny model zip per model kind, and beside it a CSV of fixed
/// input rows with the scores the model gave when the file was written. <see cref="GoldenModelGenerator"/>
/// wrote both once; <see cref="GoldenModelTests"/> checks that today's code still reads them the same way,
/// and the reliability fuzz mutates them.
/// </summary>
/// <remarks>
/// CSV layout: a header, then one row per input. Columns <c>f0 … f(n−1)</c> are the features as
/// round-trip decimal strings; every other column is an output value as the 8 hex digits of its float32
/// bits: <c>Score</c> (scalar kinds), <c>Score.0 … Score.(k−1)</c> (multiclass), <c>Probability</c> (binary MLP).
/// </remarks>
public static class GoldenModels
{
    /// <summary>How a golden model is made: the sample set, how many of its leading features and rows, and which rows are held out as fixed inputs.</summary>
    /// <param name="Name">File name stem, e.g. <c>mlp-binary</c>.</param>
    /// <param name="Dataset">A CSV in samples/data.</param>
    /// <param name="Features">The leading feature columns used.</param>
    /// <param name="Rows">The leading rows used.</param>
    /// <param name="HoldoutStep">Rows whose index is a multiple of this are not trained on; the first six of them are fixed inputs.</param>
    /// <param name="LoaderSignature">Our loader signature in the model entry's header.</param>
    public sealed record Kind(string Name, string Dataset, int Features, int Rows, int HoldoutStep, string LoaderSignature)
    {
        public override string ToString() => Name;
    }

    public static readonly Kind PerceptronBinary = new("perceptron-binary", "breast_cancer", 4, 200, 30, "MlNetNeuralPerceptronBin");
    public static readonly Kind PerceptronMulticlass = new("perceptron-multiclass", "iris", 4, 150, 25, "MlNetNeuralPerceptronMc");
    public static readonly Kind MlpBinary = new("mlp-binary", "moons_200", 2, 200, 33, "MlNetNeuralMlpBinary");
    public static readonly Kind MlpMulticlass = new("mlp-multiclass", "iris", 4, 150, 25, "MlNetNeuralMlpMulticlass");
    public static readonly Kind MlpRegression = new("mlp-regression", "diabetes", 4, 200, 33, "MlNetNeuralMlpRegression");

    public static IReadOnlyList<Kind> All { get; } = [PerceptronBinary, PerceptronMulticlass, MlpBinary, MlpMulticlass, MlpRegression];

    /// <summary>xUnit member data: every kind's name.</summary>
    public static TheoryData<string> Names => new(All.Select(k => k.Name));

    public static Kind ByName(string name) => All.Single(k => k.Name == name);

    /// <summary>The committed files as copied next to the test assembly.</summary>
    public static string ZipPath(Kind kind) => Path.Combine(AppContext.BaseDirectory, "Golden", kind.Name + ".zip");

    public static string CsvPath(Kind kind) => Path.Combine(AppContext.BaseDirectory, "Golden", kind.Name + ".csv");

    /// <summary>The fixed input rows and the expected outputs, per output column name.</summary>
    public sealed record Expected(float[][] Features, IReadOnlyDictionary<string, float[]> Outputs);

    public static Expected ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        int featureCount = header.TakeWhile(h => h.StartsWith('f')).Count();
        var features = rows.Select(r => r.Take(featureCount).Select(v => float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()).ToArray();

        // Columns "Score.0", "Score.1", … are one vector column, flattened row by row like Scores.Read does.
        var outputs = new Dictionary<string, List<float>>();
        foreach (var row in rows)
        {
            for (int c = featureCount; c < header.Length; c++)
            {
                string column = header[c].Split('.')[0];
                if (!outputs.TryGetValue(column, out var values))
                    outputs[column] = values = [];
                values.Add(BitConverter.Int32BitsToSingle(int.Parse(row[c], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }
        return new Expected(features, outputs.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }

    public static void WriteCsv(string path, float[][] features, IReadOnlyList<(string Column, int Width, float[] Values)> outputs)
    {
        var header = Enumerable.Range(0, features[0].Length).Select(i => $"f{i}")
            .Concat(outputs.SelectMany(o => o.Width == 1 ? [o.Column] : Enumerable.Range(0, o.Width).Select(i => $"{o.Column}.{i}")));
        var lines = new List<string> { string.Join(',', header) };
        for (int r = 0; r < features.Length; r++)
        {
            var cells = features[r].Select(v => v.ToString("R", CultureInfo.InvariantCulture))
                .Concat(outputs.SelectMany(o => o.Values.Skip(r * o.Width).Take(o.Width)
                    .Select(v => BitConverter.SingleToInt32Bits(v).ToString("X8", CultureInfo.InvariantCulture))));
            lines.Add(string.Join(',', cells));
        }
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }

    /// <summary>An in-memory view of just a <c>Features</c> column: what a golden model scores.</summary>
    public static IDataView FeaturesView(MLContext ml, float[][] features)
    {
        var schema = SchemaDefinition.Create(typeof(FeaturesRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
        return ml.Data.LoadFromEnumerable(features.Select(f => new FeaturesRow { Features = f }), schema);
    }

    /// <summary>Scores <paramref name="features"/> with <paramref name="model"/> and reads every output column the CSV holds.</summary>
    public static Dictionary<string, float[]> Score(MLContext ml, ITransformer model, float[][] features, IEnumerable<string> columns)
    {
        var scored = model.Transform(FeaturesView(ml, features));
        return columns.ToDictionary(c => c, c => Scores.Read(scored, c));
    }

    public sealed class FeaturesRow
    {
        public float[] Features { get; set; } = [];
    }
}
