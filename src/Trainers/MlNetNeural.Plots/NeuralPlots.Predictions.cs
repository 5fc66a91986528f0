using ScottPlot;

namespace MlNetNeural.Plots;

public static partial class NeuralPlots
{
    /// <summary>
    /// A regression model's predictions against the true values, one point per row, with the diagonal where a
    /// prediction is exact (scikit-learn's <c>PredictionErrorDisplay</c>, "actual vs predicted").
    /// </summary>
    /// <param name="actual">The true values.</param>
    /// <param name="predicted">The predictions, one per true value.</param>
    /// <param name="title">The title, or <c>null</c> for "Predicted against true values".</param>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static Plot PredictedVersusActual(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count || actual.Count == 0)
            throw new ArgumentException($"Needs one prediction per true value and at least one of each, not {predicted.Count} and {actual.Count}.", nameof(predicted));
        var plot = NewPlot(title ?? "Predicted against true values", "True value", "Prediction");
        var points = plot.Add.ScatterPoints(actual.ToArray(), predicted.ToArray(), SeriesColor(0));
        points.MarkerSize = 4;
        points.LegendText = "Rows";
        double low = Math.Min(actual.Min(), predicted.Min()), high = Math.Max(actual.Max(), predicted.Max());
        var diagonal = plot.Add.Line(low, low, high, high);
        diagonal.Color = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "Exact prediction";
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
