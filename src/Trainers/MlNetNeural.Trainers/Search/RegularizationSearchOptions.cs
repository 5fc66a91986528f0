namespace MlNetNeural.Search;

/// <summary>How a regularization search or learning curve runs its cross-validation.</summary>
public sealed class RegularizationSearchOptions
{
    /// <summary>Every default, written once.</summary>
    public static class Defaults
    {
        /// <summary>Default <see cref="NumberOfFolds"/>.</summary>
        public const int NumberOfFolds = 5;

        /// <summary>Default <see cref="Seed"/>.</summary>
        public const int Seed = 0;

        /// <summary>Default <see cref="LabelColumnName"/>.</summary>
        public const string LabelColumnName = "Label";

        /// <summary>Default <see cref="StratifyByLabel"/>.</summary>
        public const bool StratifyByLabel = false;
    }

    /// <summary>Number of cross-validation folds, &gt;= 2.</summary>
    public int NumberOfFolds { get; set; } = Defaults.NumberOfFolds;

    /// <summary>
    /// A column whose equal values must land in the same fold (ML.NET's <c>samplingKeyColumnName</c>,
    /// e.g. a patient or group id), or <c>null</c> to split rows at random. ML.NET's folds are a seeded
    /// hash of this key (or of a random number per row) and are not stratified by label, so class
    /// proportions and fold sizes vary a little from fold to fold; set <see cref="StratifyByLabel"/>
    /// instead for stratified folds. The two cannot be combined.
    /// </summary>
    public string? SamplingKeyColumnName { get; set; }

    /// <summary>
    /// Make stratified folds with <see cref="StratifiedSplit.CrossValidationSplit"/> (by <see cref="LabelColumnName"/>,
    /// with <see cref="Seed"/>) instead of ML.NET's <c>CrossValidationSplit</c>: each class is spread evenly over
    /// the folds and fold sizes differ by at most one row, like scikit-learn's <c>StratifiedKFold(shuffle=True)</c>.
    /// The label must be Boolean, Single, Double, text or a key. Cannot be combined with <see cref="SamplingKeyColumnName"/>.
    /// </summary>
    public bool StratifyByLabel { get; set; } = Defaults.StratifyByLabel;

    /// <summary>
    /// Seed of the fold split and of every fit. Fold <c>f</c>'s fits all get seed <c>Seed + 1 + f</c>
    /// (the same initial weights and batch order for every setting) and the final refit gets <c>Seed</c>,
    /// unless the trainer options fix a seed of their own.
    /// </summary>
    public int Seed { get; set; } = Defaults.Seed;

    /// <summary>The label column the task's <c>Evaluate</c> reads.</summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>
    /// How many fits run at once; <c>null</c> uses every core. Results do not depend on it: every fit
    /// has its own seed and its result goes to a fixed slot.
    /// </summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>
    /// Select the most regularized setting whose mean score is within one standard error of the best
    /// mean (Breiman's one-standard-error rule) instead of the best mean itself.
    /// </summary>
    public bool UseOneStandardErrorRule { get; set; }

    /// <summary>Also score each fold's model on its own training rows (the validation curve's training line).</summary>
    public bool ScoreTrainingFolds { get; set; } = true;

    /// <summary>Refit the pipeline on all the data with the selected setting (<see cref="RegularizationSearchResult.Model"/>).</summary>
    public bool Refit { get; set; } = true;

    internal void Validate()
    {
        OptionChecks.AtLeast(NumberOfFolds, 2, nameof(NumberOfFolds));
        if (SamplingKeyColumnName is not null && string.IsNullOrWhiteSpace(SamplingKeyColumnName))
            throw new InvalidOptionException(nameof(SamplingKeyColumnName), SamplingKeyColumnName, "the name of a column, or null");
        if (StratifyByLabel && SamplingKeyColumnName is not null)
            throw new InvalidOptionException(nameof(StratifyByLabel), StratifyByLabel,
                "false with option SamplingKeyColumnName (stratified folds do not keep sampling-key groups together): set one of them");
        OptionChecks.NotEmpty(LabelColumnName, nameof(LabelColumnName));
        if (MaxDegreeOfParallelism is < 1)
            throw new InvalidOptionException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, ">= 1, or null");
    }
}
