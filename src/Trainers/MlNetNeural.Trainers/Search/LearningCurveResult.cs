namespace MlNetNeural.Search;

/// <summary>One point of a learning curve: a training-set size and the scores of models trained on it.</summary>
/// <param name="Fraction">The fraction of each training fold used.</param>
/// <param name="TrainingRows">The mean number of training rows over folds.</param>
/// <param name="Validation">The metric on the held-out folds.</param>
/// <param name="Training">The metric on the rows each model was trained on.</param>
public sealed record LearningCurvePoint(double Fraction, double TrainingRows, ScoreSummary Validation, ScoreSummary Training);

/// <summary>A learning curve: validation and training score against training-set size, cross-validated.</summary>
public sealed class LearningCurveResult
{
    internal LearningCurveResult(string metricName, bool higherIsBetter, int numberOfFolds, IReadOnlyList<LearningCurvePoint> points)
    {
        MetricName = metricName;
        HigherIsBetter = higherIsBetter;
        NumberOfFolds = numberOfFolds;
        Points = points;
    }

    /// <summary>The metric's name.</summary>
    public string MetricName { get; }

    /// <summary>Whether a larger metric value is better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>The number of cross-validation folds.</summary>
    public int NumberOfFolds { get; }

    /// <summary>One point per training-set fraction, in the order given.</summary>
    public IReadOnlyList<LearningCurvePoint> Points { get; }
}
