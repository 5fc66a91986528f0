namespace MlNetNeural.Training;

/// <summary>The affine map from labels to network targets: <c>target = (label − Mean) / Scale</c>.</summary>
/// <param name="Mean">Subtracted from each label.</param>
/// <param name="Scale">Divides each centred label; &gt; 0.</param>
internal readonly record struct TargetScaling(double Mean, double Scale)
{
    /// <summary>Labels are used as they are (classification).</summary>
    public static TargetScaling Identity { get; } = new(0, 1);
}
