using System.Diagnostics;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Training.Checkpoints;

namespace MlNetNeural.Training;

/// <summary>
/// The epoch/batch loop of the managed engine. It owns the one seeded random generator that draws
/// the initial weights, the shuffle order and the dropout masks, in that order, so that a run is
/// reproducible bit for bit for a given seed. It knows nothing of ML.NET. One loop runs one fit: this file drives
/// the epochs; <c>MlpTrainingLoop.Setup.cs</c> builds the <see cref="TrainingRun"/>, <c>MlpTrainingLoop.Epoch.cs</c>
/// trains one epoch and <c>MlpTrainingLoop.Checkpoints.cs</c> saves and resumes.
/// </summary>
internal sealed partial class MlpTrainingLoop
{
    private readonly TrainingSettings _settings;
    private readonly TrainingObjective _task;
    private readonly Action _checkAlive;
    private readonly Action<string> _log;
    private readonly TargetScaling _scaling;
    private HotFirstColumns? _renumbered; // the order the training (and validation) rows' columns are renumbered to, until Run returns

    /// <param name="settings">The options that shape training, the unset ones resolved.</param>
    /// <param name="task">Output size, loss and metric.</param>
    /// <param name="checkAlive">Throws when the run is cancelled.</param>
    /// <param name="log">Receives one line per epoch.</param>
    /// <param name="scaling">How the model will map network outputs back to scores (regression); identity if <c>null</c>.</param>
    public MlpTrainingLoop(TrainingSettings settings, TrainingObjective task, Action checkAlive, Action<string> log, TargetScaling? scaling = null)
    {
        _settings = settings;
        _task = task;
        _checkAlive = checkAlive;
        _log = log;
        _scaling = scaling ?? TargetScaling.Identity;
    }

    /// <param name="Parameters">The fitted parameters; with <paramref name="InputMajorFirstLayer"/>, layer 0's weights in × out.</param>
    /// <param name="History">The training history.</param>
    /// <param name="InputMajorFirstLayer">Whether the first layer is held input-major (sparse features).</param>
    /// <param name="TrainingState">With option SaveTrainingState, the state continued training resumes (<see cref="ContinuationState"/>); else null.</param>
    public sealed record Result(ParameterSet<float> Parameters, TrainingHistory History, bool InputMajorFirstLayer, byte[]? TrainingState = null)
    {
        /// <summary>The fitted network, copied once from the parameters in whichever layout they are held.</summary>
        public DenseNetwork ToNetwork(IReadOnlyList<Activation> activations) =>
            InputMajorFirstLayer ? Parameters.ToDenseNetworkFromInputMajor(activations) : Parameters.ToDenseNetwork(activations);
    }

    /// <param name="train">The training rows.</param>
    /// <param name="validation">Validation rows, or <c>null</c>.</param>
    /// <param name="initial">Weights to continue from (copied, not modified), or <c>null</c> for a fresh start.</param>
    /// <param name="previous">The history of the model being continued, so epochs keep counting.</param>
    /// <param name="random">The run's random generator (a <see cref="ResumableRandom"/> when checkpointing).</param>
    /// <param name="checkpoint">Where to save checkpoints and whether to resume from one, or <c>null</c>.</param>
    /// <param name="initialState">The continued model's <see cref="ContinuationState"/>, or empty.</param>
    public Result Run(MlpTrainingData train, MlpTrainingData? validation, ParameterSet<float>? initial, TrainingHistory? previous, Random random,
        CheckpointPlan? checkpoint = null, ReadOnlyMemory<byte> initialState = default)
    {
        try
        {
            return Train(train, validation, initial, previous, random, checkpoint, initialState);
        }
        finally
        {
            // The rows are the caller's (an ensemble's next member trains on them): their column numbers go back.
            if (_renumbered is { } hotFirst)
            {
                hotFirst.RestoreNumbering(train.Features.Sparse);
                if (validation is not null)
                    hotFirst.RestoreNumbering(validation.Features.Sparse);
            }
        }
    }

    private Result Train(MlpTrainingData train, MlpTrainingData? validation, ParameterSet<float>? initial, TrainingHistory? previous, Random random,
        CheckpointPlan? checkpoint, ReadOnlyMemory<byte> initialState)
    {
        // Fingerprinted before the hot-first renumbering (in Prepare) changes the sparse rows' column numbers.
        var fingerprint = checkpoint is null ? null : CheckpointFingerprint.Of(checkpoint.Options, train, validation, initial);
        bool resuming = checkpoint is { Resume: true } && File.Exists(checkpoint.Path);
        if (checkpoint is { Resume: true } && !resuming)
            _log($"No checkpoint at '{checkpoint.Path}' to resume from: training from the start.");
        using var run = Prepare(train, validation, initial, previous, random, resuming, initialState);
        var (startEpoch, stopReason) = resuming
            ? Resume(run, checkpoint!, fingerprint!, train, validation, previous, random)
            : (0, StopReason.EpochLimit);

        for (int epoch = startEpoch; epoch < run.NumberOfEpochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double rate = run.Schedule.RateForEpoch(run.ScheduleOffset + epoch);
            var outcome = TrainEpoch(run, train, validation, random, rate);
            var record = new EpochRecord(run.FirstEpoch + epoch, outcome.TrainingLoss, outcome.ValidationLoss, outcome.ValidationMetric, rate,
                clock.Elapsed.TotalSeconds);
            run.Epochs.Add(record);
            if (outcome.Divergence is { } divergence)
                return RollBack(run, record, divergence);
            LogEpoch(record, validation is not null);

            double monitored = validation is null ? record.TrainingLoss : record.ValidationLoss;
            run.Schedule.OnEpochEnd(run.ScheduleOffset + epoch, monitored);
            run.Best.Observe(run.Epochs.Count - 1, monitored, run.Parameters);
            bool callbackStops = _settings.EpochCallback is { } callback && !callback(record);
            // A checkpoint is saved only where training goes on (or may, after a callback's stop: an interrupted CLI run).
            if (checkpoint is not null && (callbackStops || ((epoch + 1) % checkpoint.EveryEpochs == 0 && epoch + 1 < run.NumberOfEpochs && !run.Best.ShouldStop)))
                SaveCheckpoint(run, checkpoint, fingerprint!, epoch + 1, random);
            if (callbackStops)
            {
                stopReason = StopReason.Callback;
                break;
            }
            if (run.Best.ShouldStop)
            {
                stopReason = EarlyStopReason(validation);
                break;
            }
        }
        return Finish(run, stopReason, random);
    }

    private static StopReason EarlyStopReason(MlpTrainingData? validation) =>
        validation is null ? StopReason.TrainingLossConverged : StopReason.EarlyStopping;

    private void LogEpoch(EpochRecord record, bool validated) =>
        _log($"Epoch {record.Epoch}: training loss {record.TrainingLoss:G6}" +
             (validated ? $", validation loss {record.ValidationLoss:G6}, validation {_task.Metric} {record.ValidationMetric:G4}" : "") +
             $", learning rate {record.LearningRate:G4}, {record.Seconds:F3} s");

    // DivergenceHandling.RestoreBest: the diverged epoch stays in the history, the weights roll back, the fit stops.
    private Result RollBack(TrainingRun run, EpochRecord record, string divergence)
    {
        if (run.Best.Fallback is not { } fallback)
            throw DivergenceMonitor.Diverged(record.Epoch, divergence, record.LearningRate);
        fallback.CopyTo(run.Parameters);
        run.HotFirst?.ToColumnOrder(run.Parameters.Weights[0], run.LayerSizes[0]);
        int index = run.Best.FallbackIndex;
        _log($"Training diverged in epoch {record.Epoch}: {divergence}. Restored the weights of " +
             (index < 0 ? "the start of training" : $"epoch {run.Epochs[index].Epoch}") + " and stopped.");
        return new Result(run.Parameters, new TrainingHistory(run.Epochs, index, StopReason.Diverged), run.Sparse);
    }

    private Result Finish(TrainingRun run, StopReason stopReason, Random random)
    {
        int bestIndex = run.Best.Finish(run.Parameters, run.Epochs.Count - 1);
        var hotFirst = run.HotFirst;
        int width = run.LayerSizes[0];
        hotFirst?.ToColumnOrder(run.Parameters.Weights[0], width);
        var state = _settings.SaveTrainingState
            ? ContinuationState.Write(_settings.Optimizer, run.Sparse, run.Optimizer, run.OptimizerParameters,
                hotFirst is null ? null : w => hotFirst.ToColumnOrder(w, width), (ResumableRandom)random, run.Order, _log)
            : null;
        return new Result(run.Parameters, new TrainingHistory(run.Epochs, bestIndex, stopReason), run.Sparse, state);
    }
}
