namespace MlNetNeural;

/// <summary>Column names and data handling shared by every MlNetNeural trainer's options.</summary>
public abstract class TrainerOptionsBase
{
    /// <summary>The label column. Default: <c>Label</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The features column: a known-size vector of <see cref="float"/>. Default: <c>Features</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>The example weight column (a scalar Single, &gt;= 0; ML.NET's schema check refuses other types), or <c>null</c> for equal weights.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>What to do with rows whose features, label or weight are missing or not finite. Default: <see cref="InvalidRowHandling.Skip"/>.</summary>
    public InvalidRowHandling InvalidRows { get; set; } = InvalidRowHandling.Skip;

    /// <summary>Seed of the training loop's random generator; <c>null</c> draws one from the <c>MLContext</c>'s seed.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// How the training features are held: <see cref="FeatureStorage.Auto"/> (the default) keeps sparse features
    /// (<c>FeaturizeText</c>, <c>OneHotEncoding</c>) sparse and dense ones dense, by measured density.
    /// </summary>
    public FeatureStorage FeatureStorage { get; set; } = FeatureStorage.Auto;

    /// <summary>
    /// Stops training (with <see cref="OperationCanceledException"/>) within one batch once cancelled.
    /// ML.NET's own <c>MLContext.CancelExecution</c> is honoured too, but it is internal in ML.NET 5.0.1,
    /// so this token is how applications cancel.
    /// </summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Checks every option, throwing <see cref="InvalidOptionException"/> naming the first invalid one.</summary>
    public virtual void Validate()
    {
        OptionChecks.NotEmpty(LabelColumnName, nameof(LabelColumnName));
        OptionChecks.NotEmpty(FeatureColumnName, nameof(FeatureColumnName));
        if (ExampleWeightColumnName is not null)
            OptionChecks.NotEmpty(ExampleWeightColumnName, nameof(ExampleWeightColumnName));
        OptionChecks.Defined(InvalidRows, nameof(InvalidRows));
        OptionChecks.Defined(FeatureStorage, nameof(FeatureStorage));
    }
}
