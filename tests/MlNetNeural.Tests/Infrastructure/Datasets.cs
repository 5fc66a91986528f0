using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Tests.Infrastructure;

/// <summary>Loads the CSVs shipped in samples/data (header row, features f0..f(n−1), label last).</summary>
public static class Datasets
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "data", name + ".csv");

    public static int FeatureCount(string name) => File.ReadLines(PathOf(name)).First().Split(',').Length - 1;

    /// <summary>Binary sets (breast_cancer, moons_*): Features + Boolean Label.</summary>
    public static IDataView Binary(MLContext ml, string name) => Load(ml, name, DataKind.Boolean);

    /// <summary>Multiclass sets: Features + Label mapped to a key (iris's names, digits' numbers).</summary>
    public static IDataView Multiclass(MLContext ml, string name)
    {
        var raw = Load(ml, name, name == "iris" ? DataKind.String : DataKind.Single);
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);
    }

    /// <summary>Regression sets (diabetes): Features + Single Label.</summary>
    public static IDataView Regression(MLContext ml, string name) => Load(ml, name, DataKind.Single);

    public static IDataView Load(MLContext ml, string name, DataKind labelKind)
    {
        int n = FeatureCount(name);
        return ml.Data.LoadFromTextFile(PathOf(name),
        [
            new TextLoader.Column("Features", DataKind.Single, 0, n - 1),
            new TextLoader.Column("Label", labelKind, n),
        ], separatorChar: ',', hasHeader: true);
    }

    /// <summary>An in-memory data view of the given rows, for small hand-made cases.</summary>
    public static IDataView FromRows(MLContext ml, float[][] features, bool[] labels)
    {
        var rows = features.Select((f, i) => new BinaryRow { Features = f, Label = labels[i] }).ToList();
        var schema = SchemaDefinition.Create(typeof(BinaryRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    public sealed class BinaryRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
