using ScottPlot;

namespace MlNetNeural.Plots;

public static partial class NeuralPlots
{
    /// <summary>The perceptron's error curve: training examples misclassified during each epoch.</summary>
    /// <param name="misclassificationsPerEpoch">The model's <c>MisclassificationsPerEpoch</c>.</param>
    /// <param name="title">The title, or <c>null</c> for "Perceptron errors per epoch".</param>
    public static Plot PerceptronErrors(IReadOnlyList<int> misclassificationsPerEpoch, string? title = null)
        => PerceptronErrors([("Misclassified", misclassificationsPerEpoch)], title ?? "Perceptron errors per epoch");

    /// <summary>Several perceptrons' error curves on one picture (e.g. AND, OR and XOR).</summary>
    /// <param name="runs">The runs: a legend label and the model's <c>MisclassificationsPerEpoch</c>.</param>
    /// <param name="title">The title.</param>
    public static Plot PerceptronErrors(IEnumerable<(string Label, IReadOnlyList<int> MisclassificationsPerEpoch)> runs, string title)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToList();
        if (list.Count == 0)
            throw new ArgumentException("No runs to plot.", nameof(runs));
        var plot = NewPlot(title, "Epoch", "Misclassified training examples");
        for (int i = 0; i < list.Count; i++)
        {
            var (label, errors) = list[i];
            ArgumentNullException.ThrowIfNull(errors, nameof(runs));
            var line = plot.Add.Scatter(Enumerable.Range(1, errors.Count).Select(e => (double)e).ToArray(), errors.Select(e => (double)e).ToArray(), SeriesColor(i));
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsY(0, Math.Max(1, list.Max(r => r.MisclassificationsPerEpoch.DefaultIfEmpty(0).Max())) * 1.1);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
