namespace MlNetNeural.Cli.Tests.Support;

/// <summary>The sample CSVs copied beside the tests (header, f0..f(n−1), Label last), and variants of them.</summary>
public static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "data", name + ".csv");

    /// <summary>Writes the CSV with its last column (the label) removed.</summary>
    public static string WithoutLabel(string name, string destination)
    {
        File.WriteAllLines(destination, File.ReadLines(PathOf(name)).Select(l => l[..l.LastIndexOf(',')]));
        return destination;
    }

    /// <summary>Writes the CSV as tab-separated values.</summary>
    public static string AsTsv(string name, string destination)
    {
        File.WriteAllLines(destination, File.ReadLines(PathOf(name)).Select(l => l.Replace(',', '\t')));
        return destination;
    }

    /// <summary>The label column's values, in file order.</summary>
    public static string[] Labels(string name) => File.ReadLines(PathOf(name)).Skip(1).Select(l => l[(l.LastIndexOf(',') + 1)..]).ToArray();
}
