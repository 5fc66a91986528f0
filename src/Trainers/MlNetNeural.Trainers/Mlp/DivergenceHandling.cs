namespace MlNetNeural.Mlp;

/// <summary>What training does when the loss or a weight becomes NaN or infinite (see <see cref="MlpOptionsBase.OnDivergence"/>).</summary>
public enum DivergenceHandling
{
    /// <summary>Stop with an <see cref="InvalidOperationException"/> naming the epoch and option <c>LearningRate</c>.</summary>
    Throw = 0,

    /// <summary>
    /// Stop and return the weights of the best epoch so far (the lowest monitored loss), or the starting
    /// weights if no epoch finished; the history records the diverged epoch and <see cref="StopReason.Diverged"/>.
    /// </summary>
    RestoreBest = 1,
}
