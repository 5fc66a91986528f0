using MlNetNeural.Data;

namespace MlNetNeural.Training;

/// <summary>
/// What the MLP training loop consumes: feature rows (dense or sparse), row-major targets (one-hot for
/// multiclass, 0/1 for binary, standardized values for regression) and per-row weights.
/// </summary>
internal sealed class MlpTrainingData
{
    public MlpTrainingData(FeatureRows features, float[] targets, int targetWidth, float[] weights)
    {
        int rows = weights.Length;
        if (features.Rows != rows || targets.Length != (long)rows * targetWidth)
            throw new ArgumentException($"Inconsistent training arrays: {rows} rows, {features.Rows} feature rows, {targets.Length} targets for width {targetWidth}.");
        Features = features;
        Targets = targets;
        TargetWidth = targetWidth;
        Weights = weights;
    }

    /// <summary>Dense training data (tests and benchmarks build these directly).</summary>
    public MlpTrainingData(float[] features, int featureCount, float[] targets, int targetWidth, float[] weights)
        : this(new FeatureRows(features, featureCount), targets, targetWidth, weights)
    {
    }

    public FeatureRows Features { get; }

    public int FeatureCount => Features.Columns;

    public bool IsSparse => Features.IsSparse;

    public float[] Targets { get; }

    public int TargetWidth { get; }

    public float[] Weights { get; }

    public int Rows => Weights.Length;

    /// <summary>Splits off a holdout: the rows at <paramref name="holdout"/> form the second set. Sparse rows stay sparse.</summary>
    public (MlpTrainingData Train, MlpTrainingData Holdout) Split(IReadOnlyCollection<int> holdout)
    {
        var isHoldout = new bool[Rows];
        foreach (int row in holdout)
            isHoldout[row] = true;
        return (Select(Enumerable.Range(0, Rows).Where(r => !isHoldout[r]).ToArray()), Select(holdout.Order().ToArray()));
    }

    private MlpTrainingData Select(int[] rows)
    {
        var targets = new float[rows.Length * TargetWidth];
        var weights = new float[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Targets.AsSpan(rows[i] * TargetWidth, TargetWidth).CopyTo(targets.AsSpan(i * TargetWidth));
            weights[i] = Weights[rows[i]];
        }
        return new MlpTrainingData(Features.Select(rows), targets, TargetWidth, weights);
    }
}
