using System.Globalization;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>Collects the rows of the comparison and prints them as one markdown table.</summary>
internal sealed class Report
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row; <paramref name="ratio"/> is managed ÷ TorchSharp in the "higher is better" sense.</summary>
    public void Add(string what, string managed, string torch, double ratio, string goal)
    {
        string[] row = [what, managed, torch, double.IsNaN(ratio) ? "—" : Format($"{ratio:F2}×"), goal];
        _rows.Add(row);
        Console.WriteLine($"  {string.Join(" | ", row)}");
    }

    public void Print(TextWriter writer)
    {
        writer.WriteLine("| measurement | managed | TorchSharp | managed ÷ TorchSharp | goal |");
        writer.WriteLine("|---|---:|---:|---:|---|");
        foreach (var row in _rows)
            writer.WriteLine($"| {string.Join(" | ", row)} |");
    }

    public static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
