using Microsoft.ML.Data;

namespace MlNetNeural.Search;

/// <summary>The number a search compares settings by: an evaluator, a metric of its <c>Evaluate</c>, and which direction is better.</summary>
/// <typeparam name="TMetrics">The metrics type of the task's <c>Evaluate</c>.</typeparam>
public sealed class SearchMetric<TMetrics> where TMetrics : class
{
    internal SearchMetric(SearchEvaluator<TMetrics> evaluator, string name, Func<TMetrics, double> value, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        Evaluator = evaluator;
        Name = name;
        Value = value;
        HigherIsBetter = higherIsBetter;
    }

    /// <summary>The evaluator whose <c>Evaluate</c> produces the metrics.</summary>
    public SearchEvaluator<TMetrics> Evaluator { get; }

    /// <summary>The metric's name, for tables and axis labels.</summary>
    public string Name { get; }

    /// <summary>Picks the number from the metrics object.</summary>
    public Func<TMetrics, double> Value { get; }

    /// <summary>Whether a larger value is better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The metric's name.</summary>
    public override string ToString() => Name;
}

/// <summary>Ready-made metrics for the three tasks; build others with <see cref="SearchEvaluator{TMetrics}.Metric"/>.</summary>
public static class SearchMetrics
{
    /// <summary>Binary accuracy (higher is better).</summary>
    public static SearchMetric<BinaryClassificationMetrics> BinaryAccuracy { get; } = SearchEvaluators.BinaryClassification.Metric("Accuracy", m => m.Accuracy, true);

    /// <summary>Binary area under the ROC curve (higher is better).</summary>
    public static SearchMetric<BinaryClassificationMetrics> BinaryAreaUnderRocCurve { get; } = SearchEvaluators.BinaryClassification.Metric("AUC", m => m.AreaUnderRocCurve, true);

    /// <summary>Binary F1 score (higher is better).</summary>
    public static SearchMetric<BinaryClassificationMetrics> BinaryF1Score { get; } = SearchEvaluators.BinaryClassification.Metric("F1", m => m.F1Score, true);

    /// <summary>Binary log-loss (lower is better); needs a model with a <c>Probability</c> column.</summary>
    public static SearchMetric<BinaryClassificationMetrics> BinaryLogLoss { get; } = SearchEvaluators.BinaryClassification.Metric("LogLoss",
        m => m is CalibratedBinaryClassificationMetrics c ? c.LogLoss : throw new InvalidOperationException("Log-loss needs a model with a Probability column."), false);

    /// <summary>Multiclass micro accuracy: the fraction of rows classified correctly (higher is better).</summary>
    public static SearchMetric<MulticlassClassificationMetrics> MulticlassMicroAccuracy { get; } = SearchEvaluators.MulticlassClassification.Metric("MicroAccuracy", m => m.MicroAccuracy, true);

    /// <summary>Multiclass macro accuracy: the mean of per-class accuracies (higher is better).</summary>
    public static SearchMetric<MulticlassClassificationMetrics> MulticlassMacroAccuracy { get; } = SearchEvaluators.MulticlassClassification.Metric("MacroAccuracy", m => m.MacroAccuracy, true);

    /// <summary>Multiclass log-loss (lower is better).</summary>
    public static SearchMetric<MulticlassClassificationMetrics> MulticlassLogLoss { get; } = SearchEvaluators.MulticlassClassification.Metric("LogLoss", m => m.LogLoss, false);

    /// <summary>Regression R² (higher is better).</summary>
    public static SearchMetric<RegressionMetrics> RegressionRSquared { get; } = SearchEvaluators.Regression.Metric("RSquared", m => m.RSquared, true);

    /// <summary>Regression root mean squared error (lower is better).</summary>
    public static SearchMetric<RegressionMetrics> RegressionRootMeanSquaredError { get; } = SearchEvaluators.Regression.Metric("RMSE", m => m.RootMeanSquaredError, false);

    /// <summary>Regression mean absolute error (lower is better).</summary>
    public static SearchMetric<RegressionMetrics> RegressionMeanAbsoluteError { get; } = SearchEvaluators.Regression.Metric("MAE", m => m.MeanAbsoluteError, false);
}
