namespace MlNetNeural.Search;

/// <summary>What a search reports each time a fit completes.</summary>
/// <param name="CompletedFits">Fits completed so far, this one included.</param>
/// <param name="TotalFits">Fits the search will run in all (cross-validation fits plus the refit).</param>
/// <param name="Description">What was fitted, e.g. <c>L2Regularization=0.01, fold 3</c> or <c>refit</c>.</param>
/// <param name="ValidationScore">The fit's score on its held-out fold, or NaN for the refit.</param>
public readonly record struct SearchProgress(int CompletedFits, int TotalFits, string Description, double ValidationScore);
