namespace MlNetNeural.Mlp;

/// <summary>Why training ended. Values are persisted in model files: never renumber.</summary>
public enum StopReason
{
    /// <summary>All requested epochs ran.</summary>
    EpochLimit = 0,

    /// <summary>The validation loss stopped improving for the patience window (early stopping).</summary>
    EarlyStopping = 1,

    /// <summary>The training loss stopped improving by the tolerance for the patience window (scikit-learn's rule).</summary>
    TrainingLossConverged = 2,

    /// <summary>The per-epoch callback asked to stop.</summary>
    Callback = 3,

    /// <summary>
    /// The loss or a weight became NaN or infinite, and the weights were rolled back to the best epoch
    /// (<see cref="TrainingHistory.BestEpoch"/>, or the starting weights when it is −1); the last epoch
    /// recorded is the one that diverged.
    /// </summary>
    Diverged = 4,
}

/// <summary>One epoch of training. Values that were not measured are <see cref="double.NaN"/>.</summary>
/// <param name="Epoch">Zero-based epoch number, counted across continued training.</param>
/// <param name="TrainingLoss">Mean training objective over the epoch's batches (data loss plus regularization).</param>
/// <param name="ValidationLoss">Data loss on the validation set after the epoch, or NaN without validation data.</param>
/// <param name="ValidationMetric">Accuracy (classification) or R² (regression) on the validation set, or NaN.</param>
/// <param name="LearningRate">The learning rate used during the epoch.</param>
/// <param name="Seconds">Wall-clock seconds the epoch took.</param>
public readonly record struct EpochRecord(int Epoch, double TrainingLoss, double ValidationLoss, double ValidationMetric, double LearningRate, double Seconds);

/// <summary>
/// The per-epoch record of a training run: the loss curve, the best epoch and why training stopped.
/// It is saved with the model, so a loaded model still shows how it was trained.
/// </summary>
public sealed class TrainingHistory
{
    /// <summary>Creates a history.</summary>
    /// <param name="epochs">The epochs in order.</param>
    /// <param name="bestEpoch">Index into <paramref name="epochs"/> of the epoch whose weights the model holds, or −1 if none was singled out.</param>
    /// <param name="stopReason">Why training ended.</param>
    public TrainingHistory(IReadOnlyList<EpochRecord> epochs, int bestEpoch, StopReason stopReason)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (bestEpoch < -1 || bestEpoch >= epochs.Count)
            throw new ArgumentOutOfRangeException(nameof(bestEpoch), bestEpoch, $"Must be -1 or an index below {epochs.Count}.");
        if (!Enum.IsDefined(stopReason))
            throw new ArgumentOutOfRangeException(nameof(stopReason), stopReason, "Unknown stop reason.");
        Epochs = epochs.ToArray();
        BestEpoch = bestEpoch;
        StopReason = stopReason;
    }

    /// <summary>An empty history (a model that was never trained by MlNetNeural).</summary>
    public static TrainingHistory Empty { get; } = new([], -1, StopReason.EpochLimit);

    /// <summary>The epochs in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; }

    /// <summary>Index into <see cref="Epochs"/> of the epoch whose weights the model holds, or −1.</summary>
    public int BestEpoch { get; }

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; }

    /// <summary>The training loss per epoch: the loss curve.</summary>
    public IReadOnlyList<double> TrainingLosses => Epochs.Select(e => e.TrainingLoss).ToArray();

    /// <summary>The validation loss per epoch (NaN where none was measured).</summary>
    public IReadOnlyList<double> ValidationLosses => Epochs.Select(e => e.ValidationLoss).ToArray();
}
