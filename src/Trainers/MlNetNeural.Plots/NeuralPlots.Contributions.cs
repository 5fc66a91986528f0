using ScottPlot;
using ScottPlot.TickGenerators;

namespace MlNetNeural.Plots;

public static partial class NeuralPlots
{
    /// <summary>
    /// One prediction's feature contributions as horizontal bars, largest magnitude on top: positive ones (raising the
    /// score) in the palette's first colour, negative ones in its fourth.
    /// </summary>
    /// <param name="contributions">Feature names and contributions, for example a row of the <c>FeatureContributions</c> column with the features' slot names.</param>
    /// <param name="title">The title, for example what was predicted.</param>
    /// <param name="maximumBars">How many contributions to show (the largest by magnitude); at least 1.</param>
    /// <exception cref="ArgumentException">There are no contributions, or one is not finite.</exception>
    public static Plot FeatureContributions(IEnumerable<(string Feature, double Contribution)> contributions, string title, int maximumBars = 12)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumBars, 1);
        var shown = contributions.OrderByDescending(c => Math.Abs(c.Contribution)).Take(maximumBars).ToList();
        if (shown.Count == 0)
            throw new ArgumentException("No contributions to plot.", nameof(contributions));
        if (shown.FirstOrDefault(c => !double.IsFinite(c.Contribution)) is { Feature: not null } bad)
            throw new ArgumentException($"The contribution of '{bad.Feature}' is {bad.Contribution}, not a finite number.", nameof(contributions));

        var plot = NewPlot(title, "Contribution to the score", "");
        var ticks = new NumericManual();
        var bars = new List<Bar>();
        for (int i = 0; i < shown.Count; i++)
        {
            double position = shown.Count - 1 - i; // the largest at the top
            bars.Add(new Bar
            {
                Position = position,
                Value = shown[i].Contribution,
                FillColor = shown[i].Contribution >= 0 ? SeriesColor(0) : SeriesColor(3),
                Orientation = Orientation.Horizontal,
            });
            ticks.AddMajor(position, shown[i].Feature);
        }

        plot.Add.Bars(bars);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Add.VerticalLine(0, 1, Colors.Black);
        return plot;
    }
}
