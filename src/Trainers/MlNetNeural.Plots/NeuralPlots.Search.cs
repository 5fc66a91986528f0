using MlNetNeural.Search;
using ScottPlot;

namespace MlNetNeural.Plots;

public static partial class NeuralPlots
{
    /// <summary>
    /// The validation curve of a regularization search: mean training and validation score per value
    /// of one parameter, with ±1 standard deviation error bars and the selected value marked. The
    /// value axis is logarithmic when every value is positive.
    /// </summary>
    /// <param name="result">The search result.</param>
    /// <param name="parameter">The axis to trace (others held at the selected setting), or <c>null</c> for the grid's first.</param>
    /// <param name="title">The title, or <c>null</c> for "Validation curve".</param>
    public static Plot ValidationCurve(RegularizationSearchResult result, RegularizationParameter? parameter = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var axis = parameter ?? result.Grid.Axes[0].Parameter;
        var curve = result.ValidationCurve(axis);
        bool log = curve.All(p => p.Value > 0);
        var xs = curve.Select(p => log ? Math.Log10(p.Value) : p.Value).ToArray();
        var plot = NewPlot(title ?? "Validation curve", log ? $"{axis} (log scale)" : axis.ToString(), $"{result.MetricName} ({result.NumberOfFolds}-fold CV)");
        if (curve.All(p => p.Training is not null))
            AddMeanWithErrors(plot, xs, curve.Select(p => p.Training!).ToArray(), "Training", SeriesColor(0));
        AddMeanWithErrors(plot, xs, curve.Select(p => p.Validation).ToArray(), "Validation", SeriesColor(1));
        double selected = result.Selected.Setting.ValueOf(axis)!.Value;
        var mark = plot.Add.VerticalLine(log ? Math.Log10(selected) : selected, 1, Colors.Gray, LinePattern.Dashed);
        mark.LegendText = $"Selected {RegularizationSetting.FormatValue(selected)}{(result.UsedOneStandardErrorRule ? " (1-SE rule)" : "")}";
        if (log)
            LogTicks(plot.Axes.Bottom, xs.Max() - xs.Min());
        plot.ShowLegend(result.HigherIsBetter ? Alignment.LowerLeft : Alignment.UpperLeft);
        return plot;
    }

    /// <summary>
    /// A learning curve: mean training and validation score against the number of training rows,
    /// with ±1 standard deviation error bars.
    /// </summary>
    /// <param name="result">The learning-curve result.</param>
    /// <param name="title">The title, or <c>null</c> for "Learning curve".</param>
    public static Plot LearningCurve(LearningCurveResult result, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var xs = result.Points.Select(p => p.TrainingRows).ToArray();
        var plot = NewPlot(title ?? "Learning curve", "Training rows", $"{result.MetricName} ({result.NumberOfFolds}-fold CV)");
        AddMeanWithErrors(plot, xs, result.Points.Select(p => p.Training).ToArray(), "Training", SeriesColor(0));
        AddMeanWithErrors(plot, xs, result.Points.Select(p => p.Validation).ToArray(), "Validation", SeriesColor(1));
        plot.ShowLegend(result.HigherIsBetter ? Alignment.LowerRight : Alignment.UpperRight);
        return plot;
    }

    private static void AddMeanWithErrors(Plot plot, double[] xs, ScoreSummary[] scores, string label, Color color)
    {
        var means = scores.Select(s => s.Mean).ToArray();
        var line = plot.Add.Scatter(xs, means, color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 7;
        var errors = plot.Add.ErrorBar(xs, means, scores.Select(s => s.StandardDeviation).ToArray());
        errors.Color = color;
        errors.LineWidth = 1.5f;
        errors.CapSize = 6;
    }
}
