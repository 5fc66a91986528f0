namespace MlNetNeural.Training;

/// <summary>
/// Tracks the lowest monitored loss and counts epochs without an improvement of at least
/// <c>minDelta</c> — the rule behind both early stopping (validation loss, Keras' <c>patience</c>/
/// <c>min_delta</c>) and scikit-learn's <c>n_iter_no_change</c>/<c>tol</c> rule on the training loss.
/// </summary>
internal sealed class BestTracker
{
    private readonly int _patience;
    private readonly double _minDelta;
    private int _epochsWithoutImprovement;

    /// <param name="patience">Epochs without improvement before <see cref="ShouldStop"/>; 0 never stops.</param>
    /// <param name="minDelta">The smallest decrease that counts as an improvement.</param>
    public BestTracker(int patience, double minDelta)
    {
        _patience = patience;
        _minDelta = minDelta;
    }

    public double Best { get; private set; } = double.PositiveInfinity;

    public bool ShouldStop => _patience > 0 && _epochsWithoutImprovement >= _patience;

    /// <summary>Records an epoch's loss; returns whether it is a new best.</summary>
    public bool Observe(double loss)
    {
        bool isBest = loss < Best;
        if (loss < Best - _minDelta)
            _epochsWithoutImprovement = 0;
        else
            _epochsWithoutImprovement++;
        if (isBest)
            Best = loss;
        return isBest;
    }
}
