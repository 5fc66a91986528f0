using ScottPlot;
using ScottPlot.TickGenerators;

namespace MlNetNeural.Plots;

/// <summary>
/// Pictures of training, as ScottPlot plots: build one with a method of this class, adjust it with
/// ScottPlot's API if wanted, and write it with <see cref="SavePng"/>.
/// </summary>
public static partial class NeuralPlots
{
    /// <summary>Default picture width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>Default picture height in pixels.</summary>
    public const int DefaultHeight = 560;

    /// <summary>Writes <paramref name="plot"/> as a PNG file, creating its folder if needed, and returns the full path.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static string SavePng(Plot plot, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        plot.SavePng(full, width, height);
        return full;
    }

    /// <summary>The i-th colour of the palette every picture uses (Category10, as matplotlib's default).</summary>
    /// <param name="index">The series index, &gt;= 0.</param>
    public static Color SeriesColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        EmbeddedFonts.Apply(plot);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>
    /// Shows an axis on which values were plotted as log10, labelled with the values: ticks at powers
    /// of ten when the data spans at least two decades, evenly spaced in log otherwise.
    /// </summary>
    private static void LogTicks(IAxis axis, double decades)
    {
        bool wide = decades >= 2;
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = wide ? new LogMinorTickGenerator() : new EvenlySpacedMinorTickGenerator(5),
            IntegerTicksOnly = wide,
            LabelFormatter = v => MlNetNeural.Search.RegularizationSetting.FormatValue(double.Parse(Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)),
        };
    }
}
