namespace MlNetNeural.Cli.Models;

/// <summary>What is done with one column of the data file (see <see cref="Data.Featurization"/>).</summary>
internal enum FeatureKind
{
    /// <summary>A number: missing values replaced by the training mean, then standardized.</summary>
    Numeric,

    /// <summary>A number that was missing in training: replaced by the mean, with a 0/1 is-missing indicator next to it.</summary>
    NumericWithMissing,

    /// <summary>Text with few values: one-hot over the values kept in <see cref="FeatureColumnPlan.Categories"/>.</summary>
    Categorical,

    /// <summary>Free or many-valued text: ML.NET's FeaturizeText.</summary>
    Text,

    /// <summary>Not used; <see cref="FeatureColumnPlan.Detected"/> says why.</summary>
    Excluded,
}

/// <summary>One column's featurization, as planned at training and saved in the model's manifest.</summary>
/// <param name="Name">The column's header name.</param>
/// <param name="Kind">What is done with it.</param>
/// <param name="Detected">What was detected (or which option decided), for the table and the report.</param>
/// <param name="Categories">For <see cref="FeatureKind.Categorical"/>: the values with a slot of their own, most frequent first.</param>
internal sealed record FeatureColumnPlan(string Name, FeatureKind Kind, string Detected, IReadOnlyList<string> Categories);
