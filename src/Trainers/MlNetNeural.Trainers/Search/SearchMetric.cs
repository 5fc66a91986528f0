using Microsoft.ML.Data;

namespace MlNetNeural.Search;

/// <summary>The number a search compares settings by: a task, a metric of its <c>Evaluate</c>, and which direction is better.</summary>
/// <typeparam name="TMetrics">The metrics type of the task's <c>Evaluate</c>.</typeparam>
public sealed class SearchMetric<TMetrics> where TMetrics : class
{
    internal SearchMetric(SearchTask<TMetrics> task, string name, Func<TMetrics, double> value, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        Task = task;
        Name = name;
        Value = value;
        HigherIsBetter = higherIsBetter;
    }

    /// <summary>The task whose <c>Evaluate</c> produces the metrics.</summary>
    public SearchTask<TMetrics> Task { get; }

    /// <summary>The metric's name, for tables and axis labels.</summary>
    public string Name { get; }

    /// <summary>Picks the number from the metrics object.</summary>
    public Func<TMetrics, double> Value { get; }

    /// <summary>Whether a larger value is better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The metric's name.</summary>
    public override string ToString() => Name;
}

/// <summary>Ready-made metrics for the three tasks; build others with <see cref="SearchTask{TMetrics}.Metric"/>.</summary>
public static class SearchMetrics
{
    /// <summary>Binary accuracy (higher is better).</summary>
    public static SearchMetric<BinaryClassificationMetrics> BinaryAccuracy { get; } = SearchTasks.BinaryClassification.Metric("Accuracy", m => m.Accuracy, true);

    /// <summary>Binary area under the ROC curve (higher is better).</summary>
    public static SearchMetric<BinaryClassificationMetrics> BinaryAreaUnderRocCurve { get; } = SearchTasks.BinaryClassification.Metric("AUC", m => m.AreaUnderRocCurve, true);

    /// <summary>Binary F1 score (higher is better).</summary>
    public static SearchMetric<BinaryClassificationMetrics> BinaryF1Score { get; } = SearchTasks.BinaryClassification.Metric("F1", m => m.F1Score, true);

    /// <summary>Binary log-loss (lower is better); needs a model with a <c>Probability</c> column.</summary>
    public static SearchMetric<BinaryClassificationMetrics> BinaryLogLoss { get; } = SearchTasks.BinaryClassification.Metric("LogLoss",
        m => m is CalibratedBinaryClassificationMetrics c ? c.LogLoss : throw new InvalidOperationException("Log-loss needs a model with a Probability column."), false);

    /// <summary>Multiclass micro accuracy: the fraction of rows classified correctly (higher is better).</summary>
    public static SearchMetric<MulticlassClassificationMetrics> MulticlassMicroAccuracy { get; } = SearchTasks.MulticlassClassification.Metric("MicroAccuracy", m => m.MicroAccuracy, true);

    /// <summary>Multiclass macro accuracy: the mean of per-class accuracies (higher is better).</summary>
    public static SearchMetric<MulticlassClassificationMetrics> MulticlassMacroAccuracy { get; } = SearchTasks.MulticlassClassification.Metric("MacroAccuracy", m => m.MacroAccuracy, true);

    /// <summary>Multiclass log-loss (lower is better).</summary>
    public static SearchMetric<MulticlassClassificationMetrics> MulticlassLogLoss { get; } = SearchTasks.MulticlassClassification.Metric("LogLoss", m => m.LogLoss, false);

    /// <summary>Regression R² (higher is better).</summary>
    public static SearchMetric<RegressionMetrics> RegressionRSquared { get; } = SearchTasks.Regression.Metric("RSquared", m => m.RSquared, true);

    /// <summary>Regression root mean squared error (lower is better).</summary>
    public static SearchMetric<RegressionMetrics> RegressionRootMeanSquaredError { get; } = SearchTasks.Regression.Metric("RMSE", m => m.RootMeanSquaredError, false);

    /// <summary>Regression mean absolute error (lower is better).</summary>
    public static SearchMetric<RegressionMetrics> RegressionMeanAbsoluteError { get; } = SearchTasks.Regression.Metric("MAE", m => m.MeanAbsoluteError, false);
}
