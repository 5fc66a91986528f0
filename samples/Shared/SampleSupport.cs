using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Samples;

/// <summary>
/// Command line shared by the samples: <c>[--quick] [--out FOLDER]</c> (or the folder alone).
/// <c>--quick</c> trains few epochs so that tests can run every sample in seconds; pictures go to
/// FOLDER, by default the repository's samples/pictures.
/// </summary>
internal sealed class SampleArgs
{
    private SampleArgs(string outputFolder, bool quick)
    {
        OutputFolder = outputFolder;
        Quick = quick;
    }

    public string OutputFolder { get; }

    public bool Quick { get; }

    public static SampleArgs Parse(string[] args)
    {
        bool quick = false;
        string? folder = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--out" when i + 1 < args.Length:
                    folder = args[++i];
                    break;
                case "--help" or "-h":
                    Console.WriteLine("Options: [--quick] [--out FOLDER]   (--quick: few epochs; FOLDER: where to write the PNGs)");
                    Environment.Exit(0);
                    break;
                default:
                    if (args[i].StartsWith('-') || folder is not null)
                    {
                        Console.Error.WriteLine($"Unknown argument '{args[i]}'. Options: [--quick] [--out FOLDER]");
                        Environment.Exit(2);
                    }
                    folder = args[i];
                    break;
            }
        }
        folder ??= Assembly.GetEntryAssembly()!.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "PicturesFolder").Value!;
        Directory.CreateDirectory(folder);
        return new SampleArgs(Path.GetFullPath(folder), quick);
    }

    /// <summary>The full value, or the quick one under <c>--quick</c>.</summary>
    public int Epochs(int full, int quick) => Quick ? quick : full;

    /// <summary>The path of a picture in the output folder.</summary>
    public string Picture(string fileName) => Path.Combine(OutputFolder, fileName);

    /// <summary>Saves a plot and says so.</summary>
    public void Save(ScottPlot.Plot plot, string fileName, int width = MlNetNeural.Plots.NeuralPlots.DefaultWidth, int height = MlNetNeural.Plots.NeuralPlots.DefaultHeight)
    {
        string path = MlNetNeural.Plots.NeuralPlots.SavePng(plot, Picture(fileName), width, height);
        Console.WriteLine($"  wrote {path}");
    }
}

/// <summary>Loads the CSVs copied beside the sample (header, features f0..f(n−1), label last).</summary>
internal static class SampleData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "data", name + ".csv");

    public static int FeatureCount(string name) => File.ReadLines(PathOf(name)).First().Split(',').Length - 1;

    /// <summary>A binary set: Features (vector) + Boolean Label.</summary>
    public static IDataView Binary(MLContext ml, string name) => Load(ml, name, DataKind.Boolean);

    /// <summary>A multiclass set: Features + the label mapped to a key (in order of first appearance).</summary>
    public static IDataView Multiclass(MLContext ml, string name)
    {
        var raw = Load(ml, name, DataKind.Single);
        return ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(raw).Transform(raw);
    }

    private static IDataView Load(MLContext ml, string name, DataKind labelKind)
    {
        int n = FeatureCount(name);
        var loaded = ml.Data.LoadFromTextFile(PathOf(name),
        [
            new TextLoader.Column("Features", DataKind.Single, 0, n - 1),
            new TextLoader.Column("Label", labelKind, n),
        ], separatorChar: ',', hasHeader: true);
        // In memory: every fit reads the data again, and a search runs many fits.
        return ml.Data.Cache(loaded);
    }

    public static string F(double value, string format = "F3") => value.ToString(format, CultureInfo.InvariantCulture);
}
