namespace MlNetNeural.Training;

/// <summary>
/// What the MLP training loop consumes: row-major features, row-major targets (one-hot for
/// multiclass, 0/1 for binary, standardized values for regression) and per-row weights.
/// </summary>
internal sealed class MlpTrainingData
{
    public MlpTrainingData(float[] features, int featureCount, float[] targets, int targetWidth, float[] weights)
    {
        int rows = weights.Length;
        if (features.Length != (long)rows * featureCount || targets.Length != (long)rows * targetWidth)
            throw new ArgumentException($"Inconsistent training arrays: {rows} rows, {features.Length} feature values for {featureCount} features, {targets.Length} targets for width {targetWidth}.");
        Features = features;
        FeatureCount = featureCount;
        Targets = targets;
        TargetWidth = targetWidth;
        Weights = weights;
    }

    public float[] Features { get; }

    public int FeatureCount { get; }

    public float[] Targets { get; }

    public int TargetWidth { get; }

    public float[] Weights { get; }

    public int Rows => Weights.Length;

    /// <summary>Splits off a holdout: the rows at <paramref name="holdout"/> form the second set.</summary>
    public (MlpTrainingData Train, MlpTrainingData Holdout) Split(IReadOnlyCollection<int> holdout)
    {
        var isHoldout = new bool[Rows];
        foreach (int row in holdout)
            isHoldout[row] = true;
        return (Select(Enumerable.Range(0, Rows).Where(r => !isHoldout[r]).ToArray()), Select(holdout.Order().ToArray()));
    }

    private MlpTrainingData Select(int[] rows)
    {
        var features = new float[rows.Length * FeatureCount];
        var targets = new float[rows.Length * TargetWidth];
        var weights = new float[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Features.AsSpan(rows[i] * FeatureCount, FeatureCount).CopyTo(features.AsSpan(i * FeatureCount));
            Targets.AsSpan(rows[i] * TargetWidth, TargetWidth).CopyTo(targets.AsSpan(i * TargetWidth));
            weights[i] = Weights[rows[i]];
        }
        return new MlpTrainingData(features, FeatureCount, targets, TargetWidth, weights);
    }
}
