using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Search;

/// <summary>
/// How a search evaluates one fitted fold: the task's <c>Evaluate</c> on the scored data, producing
/// the task's metrics object.
/// </summary>
/// <typeparam name="TMetrics">The metrics type of the task's <c>Evaluate</c>.</typeparam>
public sealed class SearchEvaluator<TMetrics> where TMetrics : class
{
    private readonly Func<MLContext, IDataView, string, TMetrics> _evaluate;

    /// <summary>Creates an evaluator from an evaluation function.</summary>
    /// <param name="name">A short name for messages.</param>
    /// <param name="evaluate">Evaluates scored data: context, scored data view, label column name.</param>
    public SearchEvaluator(string name, Func<MLContext, IDataView, string, TMetrics> evaluate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(evaluate);
        Name = name;
        _evaluate = evaluate;
    }

    /// <summary>A short name for messages.</summary>
    public string Name { get; }

    /// <summary>Evaluates scored data.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="scored">The model's output on the data to evaluate.</param>
    /// <param name="labelColumnName">The label column.</param>
    public TMetrics Evaluate(MLContext mlContext, IDataView scored, string labelColumnName) => _evaluate(mlContext, scored, labelColumnName);

    /// <summary>A metric of this evaluator's metrics object.</summary>
    /// <param name="name">The metric's name, for tables and axis labels.</param>
    /// <param name="value">Picks the number from the metrics object.</param>
    /// <param name="higherIsBetter">Whether a larger value is better (accuracy) or worse (log-loss, RMSE).</param>
    public SearchMetric<TMetrics> Metric(string name, Func<TMetrics, double> value, bool higherIsBetter) => new(this, name, value, higherIsBetter);
}

/// <summary>Evaluators for the three ML.NET tasks a search can score.</summary>
public static class SearchEvaluators
{
    /// <summary>
    /// Binary classification: <c>BinaryClassification.Evaluate</c> when the scored data has a
    /// <c>Probability</c> column, otherwise <c>EvaluateNonCalibrated</c> (the perceptron).
    /// </summary>
    public static SearchEvaluator<BinaryClassificationMetrics> BinaryClassification { get; } = new("binary classification", (ml, scored, label) =>
        scored.Schema.GetColumnOrNull(DefaultColumnNames.Probability) is null
            ? ml.BinaryClassification.EvaluateNonCalibrated(scored, label)
            : ml.BinaryClassification.Evaluate(scored, label));

    /// <summary>Multiclass classification: <c>MulticlassClassification.Evaluate</c>.</summary>
    public static SearchEvaluator<MulticlassClassificationMetrics> MulticlassClassification { get; } = new("multiclass classification",
        (ml, scored, label) => ml.MulticlassClassification.Evaluate(scored, label));

    /// <summary>Regression: <c>Regression.Evaluate</c>.</summary>
    public static SearchEvaluator<RegressionMetrics> Regression { get; } = new("regression",
        (ml, scored, label) => ml.Regression.Evaluate(scored, label));
}
