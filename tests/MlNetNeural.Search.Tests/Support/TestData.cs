using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Search.Tests.Support;

/// <summary>The CSVs copied from samples/data, loaded as the samples load them.</summary>
public static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "data", name + ".csv");

    /// <summary>A binary set: Features + Boolean Label, cached in memory.</summary>
    public static IDataView Binary(MLContext ml, string name)
    {
        int n = File.ReadLines(PathOf(name)).First().Split(',').Length - 1;
        return ml.Data.Cache(ml.Data.LoadFromTextFile(PathOf(name),
        [
            new TextLoader.Column("Features", DataKind.Single, 0, n - 1),
            new TextLoader.Column("Label", DataKind.Boolean, n),
        ], separatorChar: ',', hasHeader: true));
    }

    /// <summary>iris: Features + the species mapped to a key.</summary>
    public static IDataView Iris(MLContext ml)
    {
        var raw = ml.Data.LoadFromTextFile(PathOf("iris"),
        [
            new TextLoader.Column("Features", DataKind.Single, 0, 3),
            new TextLoader.Column("Label", DataKind.String, 4),
        ], separatorChar: ',', hasHeader: true);
        return ml.Data.Cache(ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw));
    }
}
