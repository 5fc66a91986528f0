using System.Globalization;
using System.Text;
using Microsoft.ML;

namespace MlNetNeural.Search;

/// <summary>The cross-validated score of one grid setting.</summary>
/// <param name="Setting">The grid setting.</param>
/// <param name="Validation">The metric on each held-out fold.</param>
/// <param name="Training">The metric on each fold's own training rows, or <c>null</c> when not scored.</param>
public sealed record SettingScore(RegularizationSetting Setting, ScoreSummary Validation, ScoreSummary? Training);

/// <summary>One point of a validation curve: a parameter value and its training and validation scores.</summary>
/// <param name="Value">The parameter's value.</param>
/// <param name="Validation">The metric on the held-out folds.</param>
/// <param name="Training">The metric on the training folds, or <c>null</c> when not scored.</param>
public sealed record ValidationCurvePoint(double Value, ScoreSummary Validation, ScoreSummary? Training);

/// <summary>
/// What a regularization search found: the table of mean ± standard deviation per setting, the best
/// setting, the one-standard-error choice, the validation curve and the refitted model.
/// </summary>
public sealed class RegularizationSearchResult
{
    internal RegularizationSearchResult(RegularizationGrid grid, string metricName, bool higherIsBetter, int numberOfFolds,
        IReadOnlyList<SettingScore> scores, bool usedOneStandardErrorRule, ITransformer? model)
    {
        Grid = grid;
        MetricName = metricName;
        HigherIsBetter = higherIsBetter;
        NumberOfFolds = numberOfFolds;
        Scores = scores;
        Best = scores.Aggregate((best, s) => Better(s.Validation.Mean, best.Validation.Mean) ? s : best);
        double threshold = higherIsBetter ? Best.Validation.Mean - Best.Validation.StandardError : Best.Validation.Mean + Best.Validation.StandardError;
        OneStandardErrorChoice = scores
            .Where(s => higherIsBetter ? s.Validation.Mean >= threshold : s.Validation.Mean <= threshold)
            .OrderByDescending(s => s.Setting.Simplicity)
            .ThenBy(s => higherIsBetter ? -s.Validation.Mean : s.Validation.Mean)
            .ThenBy(s => s.Setting.Index)
            .First();
        UsedOneStandardErrorRule = usedOneStandardErrorRule;
        Selected = usedOneStandardErrorRule ? OneStandardErrorChoice : Best;
        Model = model;
    }

    /// <summary>The grid that was searched.</summary>
    public RegularizationGrid Grid { get; }

    /// <summary>The metric's name.</summary>
    public string MetricName { get; }

    /// <summary>Whether a larger metric value is better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The number of cross-validation folds.</summary>
    public int NumberOfFolds { get; }

    /// <summary>One entry per grid setting, in grid order.</summary>
    public IReadOnlyList<SettingScore> Scores { get; }

    /// <summary>The setting with the best mean validation score (the first in grid order on a tie).</summary>
    public SettingScore Best { get; }

    /// <summary>
    /// The one-standard-error rule's choice: among the settings whose mean is within one standard
    /// error of <see cref="Best"/>'s mean, the most regularized (largest
    /// <see cref="RegularizationSetting.Simplicity"/>; then the better mean).
    /// </summary>
    public SettingScore OneStandardErrorChoice { get; }

    /// <summary>Whether <see cref="Selected"/> is the one-standard-error choice rather than the best mean.</summary>
    public bool UsedOneStandardErrorRule { get; }

    /// <summary>The setting the search selected and refitted with.</summary>
    public SettingScore Selected { get; }

    /// <summary>The pipeline refitted on all the data with <see cref="Selected"/>, or <c>null</c> when refitting was off.</summary>
    public ITransformer? Model { get; }

    /// <summary>
    /// The validation curve along <paramref name="parameter"/> (default: the first axis), with the other
    /// axes held at the selected setting's values; points in the axis' order.
    /// </summary>
    /// <param name="parameter">The axis to trace, or <c>null</c> for the first.</param>
    public IReadOnlyList<ValidationCurvePoint> ValidationCurve(RegularizationParameter? parameter = null)
    {
        var axis = parameter is { } p
            ? Grid.Axes.FirstOrDefault(a => a.Parameter == p) ?? throw new ArgumentException($"The grid has no {p} axis.", nameof(parameter))
            : Grid.Axes[0];
        var others = Grid.Axes.Where(a => a != axis).Select(a => (a.Parameter, Value: Selected.Setting.ValueOf(a.Parameter))).ToArray();
        return Scores
            .Where(s => others.All(o => s.Setting.ValueOf(o.Parameter) == o.Value))
            .Select(s => new ValidationCurvePoint(s.Setting.ValueOf(axis.Parameter)!.Value, s.Validation, s.Training))
            .ToArray();
    }

    /// <summary>The table: one row per setting with the validation (and training) mean ± standard deviation; the best and selected rows marked.</summary>
    public string ToTable()
    {
        var header = Grid.Axes.Select(a => a.Parameter.ToString()).ToList();
        header.Add($"{MetricName} (validation)");
        if (Scores[0].Training is not null)
            header.Add($"{MetricName} (training)");
        header.Add("");
        var rows = Scores.Select(s =>
        {
            var cells = s.Setting.Values.Select(RegularizationSetting.FormatValue).ToList();
            cells.Add(s.Validation.ToString());
            if (s.Training is { } t)
                cells.Add(t.ToString());
            var marks = new List<string>();
            if (s == Best)
                marks.Add("best");
            if (s == OneStandardErrorChoice)
                marks.Add("1-SE");
            if (s == Selected)
                marks.Add("selected");
            cells.Add(string.Join(", ", marks));
            return cells;
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        text.AppendLine(Line(header));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))).TrimEnd());
        foreach (var row in rows)
            text.AppendLine(Line(row));
        text.Append(CultureInfo.InvariantCulture, $"{NumberOfFolds}-fold cross-validation, {(HigherIsBetter ? "higher" : "lower")} {MetricName} is better; selected {Selected.Setting}");
        text.Append(UsedOneStandardErrorRule ? " (one-standard-error rule)." : " (best mean).");
        return text.ToString();
    }

    private bool Better(double a, double b) => HigherIsBetter ? a > b : a < b;
}
