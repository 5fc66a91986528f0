namespace MlNetNeural.Data;

/// <summary>
/// A training set read once from an <c>IDataView</c>: its feature rows (dense or sparse, see
/// <see cref="FeatureRows"/>), labels and weights, which is what the training loops iterate over.
/// </summary>
internal sealed class TrainingMatrix
{
    public TrainingMatrix(FeatureRows features, float[] labels, float[]? weights, int classCount)
    {
        if (features.Rows != labels.Length)
            throw new ArgumentException($"{features.Rows} feature rows but {labels.Length} labels.");
        Features = features;
        Labels = labels;
        Weights = weights;
        ClassCount = classCount;
    }

    public FeatureRows Features { get; }

    public int FeatureCount => Features.Columns;

    public int Rows => Labels.Length;

    /// <summary>0/1 for binary, the class index for multiclass, the target for regression.</summary>
    public float[] Labels { get; }

    /// <summary>Example weights, or <c>null</c> when every example weighs 1.</summary>
    public float[]? Weights { get; }

    /// <summary>Number of classes (2 for binary, the key count for multiclass, 0 for regression).</summary>
    public int ClassCount { get; }

    public float WeightOf(int row) => Weights is null ? 1f : Weights[row];
}
