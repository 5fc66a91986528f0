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

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (ClassWeights is null)
            return;
        for (int i = 0; i < ClassWeights.Length; i++)
            OptionChecks.NonNegative(ClassWeights[i], $"{nameof(ClassWeights)}[{i}]");
    }

    /// <summary>The training weights: example weight times class weight.</summary>
    internal float[] ApplyClassWeights(float[]? exampleWeights, float[] labels, int classCount)
    {
        if (ClassWeights is { } classWeights && classWeights.Length != classCount)
            throw new ArgumentOutOfRangeException(nameof(ClassWeights), $"Option ClassWeights has {classWeights.Length} entries but the label has {classCount} classes.");
        var weights = new float[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            weights[i] = (exampleWeights?[i] ?? 1f) * (ClassWeights?[(int)labels[i]] ?? 1f);
        return weights;
    }
}
