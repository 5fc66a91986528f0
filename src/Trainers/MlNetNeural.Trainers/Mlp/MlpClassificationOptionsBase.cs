namespace MlNetNeural.Mlp;

/// <summary>Options shared by the binary and multiclass MLP trainers.</summary>
public abstract class MlpClassificationOptionsBase : MlpOptionsBase
{
    /// <summary>Creates options with the values of <paramref name="preset"/>.</summary>
    /// <param name="preset">The preset.</param>
    private protected MlpClassificationOptionsBase(MlpPreset preset)
        : base(preset, regression: false)
    {
    }

    /// <summary>
    /// Per-class weights multiplied into the example weights: for binary <c>[negative, positive]</c>,
    /// for multiclass one per key value in key order. <c>null</c> weighs every class 1. Each must be finite and &gt;= 0.
    /// </summary>
    public float[]? ClassWeights { get; set; }

    /// <summary>
    /// Label smoothing ε in [0, 1): the training targets give ε of their weight to the uniform distribution over the
    /// classes, as PyTorch's <c>CrossEntropyLoss(label_smoothing = ε)</c> — a remedy for over-confident probabilities.
    /// 0 (the default) trains on the labels as they are. The validation holdout keeps the plain labels, so its loss (and the
    /// best epoch it picks) is the log-loss <c>Evaluate</c> reports.
    /// </summary>
    public float LabelSmoothing { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        OptionChecks.InRange(LabelSmoothing, 0, 1, nameof(LabelSmoothing), maxExclusive: true);
        if (ClassWeights is null)
            return;
        for (int i = 0; i < ClassWeights.Length; i++)
            OptionChecks.NonNegative(ClassWeights[i], nameof(ClassWeights), $"[{i}]");
    }

    /// <summary>The training weights: example weight times class weight.</summary>
    internal float[] ApplyClassWeights(float[]? exampleWeights, float[] labels, int classCount)
    {
        if (ClassWeights is { } classWeights && classWeights.Length != classCount)
            throw new InvalidOptionException(nameof(ClassWeights), $"[{string.Join(", ", classWeights)}]", $"one weight per class (the label has {classCount} classes)");
        var weights = new float[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            weights[i] = (exampleWeights?[i] ?? 1f) * (ClassWeights?[(int)labels[i]] ?? 1f);
        return weights;
    }
}
