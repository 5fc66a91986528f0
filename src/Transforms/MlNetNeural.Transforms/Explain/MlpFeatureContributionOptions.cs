namespace MlNetNeural.Explain;

/// <summary>
/// How <c>CalculateMlpFeatureContribution</c> explains an MLP's scores. The defaults are what ML.NET's own
/// <c>CalculateFeatureContribution</c> gets from a binary or regression MLP.
/// </summary>
public sealed class MlpFeatureContributionOptions
{
    /// <summary>Integrated gradients (the default) or the one-pass gradient × input.</summary>
    public FeatureContributionMethod Method { get; set; } = ContributionMappers.DefaultMethod;

    /// <summary>
    /// Path segments integrated gradients starts with (default 32): the gradient at each one's midpoint is averaged.
    /// At least 1.
    /// </summary>
    public int Steps { get; set; } = ContributionMappers.DefaultSteps;

    /// <summary>
    /// The most gradients integrated gradients may compute for one row and output (default 7,776) while it cuts the
    /// segments where the contributions do not yet add up to score(row) − score(baseline) within
    /// 1e-3·|score(row)| + 1e-4. Equal to <see cref="Steps"/> to turn that refinement off (fixed cost per row).
    /// </summary>
    public int MaximumSteps { get; set; } = ContributionMappers.DefaultMaximumSteps;

    /// <summary>
    /// The row explained against, in the model's features column (after the pipeline's own transforms), or <c>null</c>
    /// (the default) for the row the model's input scaling maps to zero: the training medians under
    /// <c>InputScaling.Robust</c>, zero for sparse features or no scaling.
    /// </summary>
    public float[]? Baseline { get; set; }

    /// <summary>
    /// For a multiclass MLP: explain only the predicted class (a vector of the feature count) instead of every class
    /// (a classes × features vector, class-major). Ignored for binary and regression MLPs, which have one score.
    /// </summary>
    public bool PredictedClassOnly { get; set; }

    /// <summary>The output column; by default ML.NET's <c>FeatureContributions</c>.</summary>
    public string OutputColumnName { get; set; } = "FeatureContributions";

    internal void Validate(int featureCount)
    {
        if (!Enum.IsDefined(Method))
            throw new ArgumentOutOfRangeException(nameof(Method), Method, $"{nameof(Method)} must be {nameof(FeatureContributionMethod.IntegratedGradients)} or {nameof(FeatureContributionMethod.GradientTimesInput)}.");
        if (Steps < 1)
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, $"{nameof(Steps)} must be at least 1.");
        if (MaximumSteps < Steps)
            throw new ArgumentOutOfRangeException(nameof(MaximumSteps), MaximumSteps, $"{nameof(MaximumSteps)} must be at least {nameof(Steps)} ({Steps}).");
        if (string.IsNullOrEmpty(OutputColumnName))
            throw new ArgumentException($"{nameof(OutputColumnName)} must name a column.", nameof(OutputColumnName));
        if (Baseline is null)
            return;
        if (Baseline.Length != featureCount)
            throw new ArgumentException($"{nameof(Baseline)} has {Baseline.Length} values but the model reads {featureCount} features.", nameof(Baseline));
        int bad = Array.FindIndex(Baseline, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException($"{nameof(Baseline)}[{bad}] is {Baseline[bad]}; every value must be finite.", nameof(Baseline));
    }
}
