using MlNetNeural.Mlp;
using ScottPlot;

namespace MlNetNeural.Plots;

public static partial class NeuralPlots
{
    /// <summary>
    /// The loss curve of one training run: training loss and (when measured) validation loss per
    /// epoch, with the epoch whose weights the model kept marked.
    /// </summary>
    /// <param name="history">The model's history (<c>model.History</c> of an MLP's model parameters).</param>
    /// <param name="title">The title, or <c>null</c> for "Loss curve".</param>
    /// <param name="logScale">Plot the loss on a log scale.</param>
    public static Plot LossCurve(TrainingHistory history, string? title = null, bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Epochs.Count == 0)
            throw new ArgumentException("The history has no epochs: the model was not trained by MlNetNeural.", nameof(history));
        var plot = NewPlot(title ?? "Loss curve", "Epoch", logScale ? "Loss (log scale)" : "Loss");
        var epochs = history.Epochs.Select(e => (double)e.Epoch + 1).ToArray();
        AddLine(plot, epochs, history.TrainingLosses, "Training loss", SeriesColor(0), LinePattern.Solid, logScale);
        if (history.ValidationLosses.Any(double.IsFinite))
        {
            AddLine(plot, epochs, history.ValidationLosses, "Validation loss", SeriesColor(1), LinePattern.Solid, logScale);
            if (history.BestEpoch >= 0)
            {
                var best = plot.Add.VerticalLine(epochs[history.BestEpoch], 1, Colors.Gray, LinePattern.Dashed);
                best.LegendText = $"Kept epoch {epochs[history.BestEpoch]:0} ({history.StopReason})";
            }
        }
        if (logScale)
            LogTicks(plot.Axes.Left, Decades(history.TrainingLosses.Concat(history.ValidationLosses)));
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// Several training runs' loss curves on one picture (e.g. batch vs stochastic vs mini-batch, or
    /// one per optimizer): the training loss per epoch, and optionally the validation loss dashed.
    /// </summary>
    /// <param name="runs">The runs: a legend label and the run's history.</param>
    /// <param name="title">The title.</param>
    /// <param name="includeValidation">Also draw each run's validation loss (dashed) where measured.</param>
    /// <param name="logScale">Plot the loss on a log scale.</param>
    public static Plot LossCurves(IEnumerable<(string Label, TrainingHistory History)> runs, string title, bool includeValidation = false, bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToList();
        if (list.Count == 0)
            throw new ArgumentException("No runs to plot.", nameof(runs));
        var plot = NewPlot(title, "Epoch", logScale ? "Loss (log scale)" : "Loss");
        for (int i = 0; i < list.Count; i++)
        {
            var (label, history) = list[i];
            ArgumentNullException.ThrowIfNull(history, nameof(runs));
            var epochs = history.Epochs.Select(e => (double)e.Epoch + 1).ToArray();
            bool validation = includeValidation && history.ValidationLosses.Any(double.IsFinite);
            AddLine(plot, epochs, history.TrainingLosses, validation ? $"{label} (training)" : label, SeriesColor(i), LinePattern.Solid, logScale);
            if (validation)
                AddLine(plot, epochs, history.ValidationLosses, $"{label} (validation)", SeriesColor(i), LinePattern.Dashed, logScale);
        }
        if (logScale)
            LogTicks(plot.Axes.Left, Decades(list.SelectMany(r => r.History.TrainingLosses.Concat(includeValidation ? r.History.ValidationLosses : []))));
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>How many powers of ten the positive finite values span.</summary>
    private static double Decades(IEnumerable<double> values)
    {
        var logs = values.Where(v => double.IsFinite(v) && v > 0).Select(Math.Log10).ToArray();
        return logs.Length == 0 ? 0 : logs.Max() - logs.Min();
    }

    private static void AddLine(Plot plot, double[] xs, IReadOnlyList<double> ys, string label, Color color, LinePattern pattern, bool logScale)
    {
        var points = xs.Zip(ys).Where(p => double.IsFinite(p.Second) && (!logScale || p.Second > 0)).ToArray();
        if (points.Length == 0)
            return;
        var line = plot.Add.ScatterLine(points.Select(p => p.First).ToArray(),
            points.Select(p => logScale ? Math.Log10(p.Second) : p.Second).ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.LinePattern = pattern;
    }
}
