namespace MlNetNeural.Training;

/// <summary>
/// Label smoothing (Szegedy et al., 2016): the training targets move ε of their mass to the uniform distribution, as
/// PyTorch's <c>CrossEntropyLoss(label_smoothing = ε)</c> and Keras' <c>label_smoothing</c> do — a one-hot multiclass
/// target becomes (1 − ε)·onehot + ε/K, a binary target y becomes y·(1 − ε) + ε/2.
/// </summary>
internal static class LabelSmoothing
{
    /// <summary>Smooths row-major <paramref name="targets"/> of <paramref name="width"/> per row in place (width 1: binary).</summary>
    public static void Apply(float[] targets, int width, float epsilon)
    {
        if (epsilon == 0)
            return;
        float keep = 1 - epsilon;
        float spread = epsilon / (width == 1 ? 2 : width);
        for (int i = 0; i < targets.Length; i++)
            targets[i] = (targets[i] * keep) + spread;
    }
}
