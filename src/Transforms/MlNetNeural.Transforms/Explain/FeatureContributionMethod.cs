namespace MlNetNeural.Explain;

/// <summary>How an MLP's score is split into one contribution per feature.</summary>
public enum FeatureContributionMethod
{
    /// <summary>
    /// Integrated gradients (Sundararajan et al., 2017): (xᵢ − baselineᵢ) times the mean gradient of the score along the
    /// straight path from the baseline to the row, at the midpoints of <c>Steps</c> equal segments. The contributions add
    /// up to score(row) − score(baseline), up to the error of that sum. Costs about <c>Steps</c> forward and backward passes.
    /// </summary>
    IntegratedGradients = 0,

    /// <summary>
    /// Gradient × input: (xᵢ − baselineᵢ) times the gradient of the score at the row itself. One forward and backward
    /// pass; exact for a linear model, but for a network the contributions need not add up to anything.
    /// </summary>
    GradientTimesInput = 1,
}
