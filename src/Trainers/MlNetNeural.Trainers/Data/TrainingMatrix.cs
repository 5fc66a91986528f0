namespace MlNetNeural.Data;

/// <summary>
/// A training set read once from an <c>IDataView</c> into dense row-major float32 storage,
/// which is what the training loops iterate over.
/// </summary>
internal sealed class TrainingMatrix
{
    public TrainingMatrix(float[] features, int featureCount, float[] labels, float[]? weights, int classCount, long skippedRows)
    {
        Features = features;
        FeatureCount = featureCount;
        Labels = labels;
        Weights = weights;
        ClassCount = classCount;
        SkippedRows = skippedRows;
    }

    /// <summary>Row-major <c>Rows × FeatureCount</c> values.</summary>
    public float[] Features { get; }

    public int FeatureCount { get; }

    public int Rows => Labels.Length;

    /// <summary>0/1 for binary, the class index for multiclass, the target for regression.</summary>
    public float[] Labels { get; }

    /// <summary>Example weights, or <c>null</c> when every example weighs 1.</summary>
    public float[]? Weights { get; }

    /// <summary>Number of classes (2 for binary, the key count for multiclass, 0 for regression).</summary>
    public int ClassCount { get; }

    /// <summary>Rows dropped because of missing or non-finite values.</summary>
    public long SkippedRows { get; }

    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * FeatureCount, FeatureCount);

    public float WeightOf(int row) => Weights is null ? 1f : Weights[row];
}
