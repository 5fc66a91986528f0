using MlNetNeural.Neural;
using MlNetNeural.Training.Checkpoints;

namespace MlNetNeural.Training;

/// <summary>
/// Which epoch a fit ends with and falls back to. Holds the early-stopping rule over the monitored loss; with
/// option RestoreBestWeights and validation rows, the best epoch's weights; and with <c>DivergenceHandling.RestoreBest</c>
/// the fallback weights: the starting weights until an epoch has the best monitored loss, then that epoch's (only
/// finite weights are ever kept, since a diverged epoch is never observed).
/// </summary>
internal sealed class BestEpochTracker
{
    private readonly BestTracker _rule;
    private readonly bool _keepBestWeights;
    private readonly Func<ParameterSet<float>, BestWeights> _createBestWeights;
    private BestWeights? _bestWeights;

    /// <param name="rule">The early-stopping rule.</param>
    /// <param name="keepBestWeights">Whether to snapshot the best epoch's weights and end with them.</param>
    /// <param name="createBestWeights">Creates the snapshot store (the batch runner knows which rows a step touches).</param>
    /// <param name="fallback">With <c>DivergenceHandling.RestoreBest</c>, a copy of the starting weights; else <c>null</c>.</param>
    public BestEpochTracker(BestTracker rule, bool keepBestWeights, Func<ParameterSet<float>, BestWeights> createBestWeights, ParameterSet<float>? fallback)
    {
        _rule = rule;
        _keepBestWeights = keepBestWeights;
        _createBestWeights = createBestWeights;
        Fallback = fallback;
    }

    /// <summary>Index in the history of the best epoch so far, or −1.</summary>
    public int BestIndex { get; private set; } = -1;

    /// <summary>Index of the epoch whose weights <see cref="Fallback"/> holds, or −1 for the starting weights.</summary>
    public int FallbackIndex { get; private set; } = -1;

    /// <summary>The weights a diverged fit returns, or <c>null</c> when divergence throws.</summary>
    public ParameterSet<float>? Fallback { get; }

    /// <summary>Whether the early-stopping rule says to stop.</summary>
    public bool ShouldStop => _rule.ShouldStop;

    /// <summary>Records a finished epoch; a new best takes a snapshot of <paramref name="parameters"/>.</summary>
    public void Observe(int index, double monitoredLoss, ParameterSet<float> parameters)
    {
        if (!_rule.Observe(monitoredLoss))
            return;
        BestIndex = index;
        if (_keepBestWeights)
        {
            _bestWeights ??= _createBestWeights(parameters);
            _bestWeights.Take(parameters);
        }
        if (Fallback is not null)
        {
            parameters.CopyTo(Fallback);
            FallbackIndex = index;
        }
    }

    /// <summary>Replays a checkpoint's epoch through the rule; the weights come from <see cref="LoadFromCheckpoint"/>.</summary>
    public void Replay(int index, double monitoredLoss)
    {
        if (!_rule.Observe(monitoredLoss))
            return;
        BestIndex = index;
        if (Fallback is not null)
            FallbackIndex = index;
    }

    /// <summary>Takes the best and fallback weights a checkpoint saved (<paramref name="fallback"/> <c>null</c>: the current ones).</summary>
    public void LoadFromCheckpoint(ParameterSet<float> parameters, CheckpointFile.BestSection? best, ParameterSet<float>? fallback)
    {
        if (best is not null && _keepBestWeights)
        {
            _bestWeights = _createBestWeights(parameters);
            _bestWeights.Load(parameters, best.LaterArrays, best.FirstLayerRows);
        }
        if (Fallback is not null)
            (fallback ?? parameters).CopyTo(Fallback);
    }

    /// <summary>The best weights as a checkpoint stores them (the difference from <paramref name="parameters"/>), or <c>null</c>.</summary>
    public CheckpointFile.BestSection? ForCheckpoint(ParameterSet<float> parameters)
    {
        if (_bestWeights is not { HasSnapshot: true })
            return null;
        var (laterArrays, firstLayerRows) = _bestWeights.Difference(parameters);
        return new CheckpointFile.BestSection(laterArrays, firstLayerRows);
    }

    /// <summary>Ends the fit: restores the best weights if they were kept; returns the index of the epoch the model holds.</summary>
    public int Finish(ParameterSet<float> parameters, int lastIndex)
    {
        if (_bestWeights is null)
            return lastIndex; // without restored weights the model holds the last epoch's weights
        _bestWeights.Restore(parameters);
        return BestIndex;
    }
}
