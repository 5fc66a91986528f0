using System.Diagnostics;
using MlNetNeural.Mlp;
using MlNetNeural.Training.Checkpoints;

namespace MlNetNeural.Training;

/// <summary>Saves a fit's checkpoint after an epoch, and resumes a fit from one.</summary>
internal sealed partial class MlpTrainingLoop
{
    private void SaveCheckpoint(TrainingRun run, CheckpointPlan checkpoint, CheckpointFingerprint fingerprint, int epochsDone, Random random)
    {
        var saving = Stopwatch.StartNew();
        CheckpointFile.Write(checkpoint.Path, new CheckpointFile.Contents(checkpoint.Seed, fingerprint, Environment.ProcessorCount, epochsDone,
                run.Epochs, ((ResumableRandom)random).SaveState(), run.Order, run.Best.ForCheckpoint(run.Parameters), run.Best.Fallback),
            run.Parameters, run.Optimizer, run.OptimizerParameters);
        _log($"Checkpoint saved to '{checkpoint.Path}' after epoch {run.Epochs[^1].Epoch} in {saving.Elapsed.TotalSeconds:F2} s.");
    }

    /// <summary>Loads the checkpoint into <paramref name="run"/>; returns the epoch to continue with and the stop reason so far.</summary>
    private (int StartEpoch, StopReason StopReason) Resume(TrainingRun run, CheckpointPlan checkpoint, CheckpointFingerprint fingerprint,
        MlpTrainingData train, MlpTrainingData? validation, TrainingHistory? previous, Random random)
    {
        var contents = CheckpointFile.Read(checkpoint.Path, run.Parameters, run.Optimizer, run.OptimizerParameters, run.NumberOfEpochs, train.Rows,
            saved => CheckFingerprint(checkpoint.Path, saved, fingerprint));
        if (contents.ProcessorCount != Environment.ProcessorCount)
            _log($"The checkpoint was written with {contents.ProcessorCount} cores and this fit has {Environment.ProcessorCount}: " +
                 "it continues correctly, but need not give bit for bit the model an uninterrupted fit gives.");
        ((ResumableRandom)random).RestoreState(contents.RandomState);
        contents.RowOrder.CopyTo(run.Order, 0); // each epoch shuffles the order the last one left
        int previousEpochs = previous?.Epochs.Count ?? 0;
        if (contents.Epochs.Count - contents.EpochsDone != previousEpochs)
            throw new InvalidDataException($"Checkpoint '{checkpoint.Path}' records {contents.Epochs.Count} epochs for {contents.EpochsDone} trained, " +
                $"which does not continue the initial model's {previousEpochs}.");
        run.Epochs.Clear();
        run.Epochs.AddRange(contents.Epochs);
        // The schedule and the early-stopping rule are functions of the monitored losses so far: replayed, not stored.
        for (int i = previousEpochs; i < run.Epochs.Count; i++)
        {
            double monitoredLoss = validation is null ? run.Epochs[i].TrainingLoss : run.Epochs[i].ValidationLoss;
            run.Schedule.OnEpochEnd(run.ScheduleOffset + i - previousEpochs, monitoredLoss);
            run.Best.Replay(i, monitoredLoss);
        }
        run.Best.LoadFromCheckpoint(run.Parameters, contents.Best, contents.Fallback);
        _log($"Resumed from checkpoint '{checkpoint.Path}' after epoch {(run.Epochs.Count > 0 ? run.Epochs[^1].Epoch : -1)}.");
        // A fit the rule had stopped stops here too, as the uninterrupted fit did.
        return run.Best.ShouldStop ? (run.NumberOfEpochs, EarlyStopReason(validation)) : (contents.EpochsDone, StopReason.EpochLimit);
    }

    private static void CheckFingerprint(string path, CheckpointFingerprint saved, CheckpointFingerprint fit)
    {
        var differences = saved.Differences(fit);
        if (differences.Count > 0)
            throw new InvalidOperationException($"Checkpoint '{path}' was written by a different fit, so this fit cannot resume from it: " +
                string.Join("; ", differences) + ". Use the checkpoint's options and data, or delete it (or set option ResumeFromCheckpoint = false) to start afresh.");
    }
}
