using System.Diagnostics;
using System.Numerics.Tensors;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Initialization;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Persistence;
using MlNetNeural.Training.Backends;
using MlNetNeural.Training.Checkpoints;

namespace MlNetNeural.Training;

/// <summary>
/// The epoch/batch loop of the managed engine. It owns the one seeded random generator that draws
/// the initial weights, the shuffle order and the dropout masks, in that order, so that a run is
/// reproducible bit for bit for a given seed. It knows nothing of ML.NET.
/// </summary>
internal sealed class MlpTrainingLoop
{
    private readonly MlpOptionsBase _options;
    private readonly RecipeChoices _choices;
    private readonly MlpTask _task;
    private readonly Action _checkAlive;
    private readonly Action<string> _log;
    private readonly TargetScaling _scaling;
    private double? _inputMagnitude; // the training features' largest magnitude, or more; measured once
    private HotFirstColumns? _renumbered; // the order the training (and validation) rows' columns are renumbered to, until Run returns

    /// <param name="options">The trainer's options.</param>
    /// <param name="choices">The values of the options left unset (and of those set).</param>
    /// <param name="task">Output size, loss and metric.</param>
    /// <param name="checkAlive">Throws when the run is cancelled.</param>
    /// <param name="log">Receives one line per epoch.</param>
    /// <param name="scaling">How the model will map network outputs back to scores (regression); identity if <c>null</c>.</param>
    public MlpTrainingLoop(MlpOptionsBase options, RecipeChoices choices, MlpTask task, Action checkAlive, Action<string> log, TargetScaling? scaling = null)
    {
        _options = options;
        _choices = choices;
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
        // Fingerprinted before the hot-first renumbering below changes the sparse rows' column numbers.
        var fingerprint = checkpoint is null ? null : CheckpointFingerprint.Of(_options, train, validation, initial);
        bool resuming = checkpoint is { Resume: true } && File.Exists(checkpoint.Path);
        if (checkpoint is { Resume: true } && !resuming)
            _log($"No checkpoint at '{checkpoint.Path}' to resume from: training from the start.");
        var layerSizes = _choices.HiddenLayers.Append(_task.OutputSize).ToArray();
        var activations = Enumerable.Repeat(_options.HiddenActivation, _choices.HiddenLayers.Length).Append(Activation.Identity).ToArray();
        int batchSize = Math.Min(_options.BatchSize, train.Rows);

        // Sparse rows: the first layer is held input-major, so each input column's weights are contiguous.
        bool sparse = train.IsSparse;
        // Lazy sparse updates touch the rows of a batch's columns: those rows are held most frequent first.
        var hotFirst = sparse && _options.SparseUpdates == SparseUpdates.Lazy ? HotFirstColumns.Of(train.Features.Sparse) : null;
        if (hotFirst is not null)
        {
            hotFirst.Renumber(train.Features.Sparse);
            if (validation is not null)
                hotFirst.Renumber(validation.Features.Sparse);
            _renumbered = hotFirst;
        }
        ParameterSet<float> parameters;
        if (resuming)
        {
            parameters = new ParameterSet<float>(train.FeatureCount, layerSizes); // read from the checkpoint below
        }
        else if (initial is null)
        {
            parameters = Initialize(train.FeatureCount, layerSizes, random, inputMajorFirstLayer: sparse, hotFirst);
        }
        else
        {
            parameters = initial.Clone();
            if (sparse)
                FirstLayerLayout.ToInputMajor(parameters);
            hotFirst?.ToTrainingOrder(parameters.Weights[0], layerSizes[0]);
        }
        var backend = _options.Backend ?? ManagedBackend.Instance;
        using var backprop = CreateEngine(backend, new NetworkSpec(train.FeatureCount, layerSizes, activations, batchSize,
            _task.Loss, _task.HuberDelta, _options.L1Regularization, _options.L2Regularization) { InputMajorFirstLayer = sparse });
        var runner = new BatchRunner(backprop, sparse, _options.SparseUpdates, train.FeatureCount, layerSizes[0], batchSize);
        // A text model's first layer is the bulk of its memory: no unused gradient copy of it.
        var gradients = runner.NeedsFirstLayerGradient
            ? new ParameterSet<float>(train.FeatureCount, layerSizes)
            : ParameterSet<float>.WithoutFirstWeights(train.FeatureCount, layerSizes);
        var optimizerParameters = Enumerable.Range(0, parameters.ArrayCount)
            .Select(i => new OptimizerParameter<float>(parameters.GetArray(i).Values, gradients.GetArray(i).Values, parameters.GetArray(i).IsWeight))
            .ToArray();
        var optimizer = OptimizerFactory.Create<float>(_options.Optimizer, _options.OptimizerSettings);
        int numberOfEpochs = EpochCount.For(_options.NumberOfEpochs, sparse, train.Rows, batchSize);
        if (_options.NumberOfEpochs is null)
            _log($"NumberOfEpochs unset: {numberOfEpochs} epochs for {(sparse ? "sparse" : "dense")} features.");
        var order = Enumerable.Range(0, train.Rows).ToArray();
        // A model's training state continues the optimizer, the generator, the batch order and the schedule's epochs.
        bool continues = !initialState.IsEmpty && ContinuationState.TryApply(initialState.Span, _options.Optimizer, sparse, optimizer,
            optimizerParameters, hotFirst is null ? null : w => hotFirst.ToTrainingOrder(w, layerSizes[0]), (ResumableRandom)random, order, _log);
        int scheduleOffset = continues ? previous?.Epochs.Count ?? 0 : 0;
        var schedule = LearningRateScheduleFactory.Create(_options.LearningRateSchedule, _choices.LearningRate, scheduleOffset + numberOfEpochs,
            _options.LearningRateScheduleSettings);
        for (int e = 0; e < scheduleOffset; e++) // a schedule that reacts to the loss (ReduceOnPlateau) relives the model's epochs
        {
            var record = previous!.Epochs[e];
            schedule.OnEpochEnd(e, double.IsNaN(record.ValidationLoss) ? record.TrainingLoss : record.ValidationLoss);
        }
        var dropout = _options.DropoutRate > 0 && _choices.HiddenLayers.Length > 0
            ? new DropoutMasks<float>(_choices.HiddenLayers, _options.DropoutRate, batchSize)
            : null;

        var batchTargets = new float[batchSize * train.TargetWidth];
        var batchWeights = new float[batchSize];
        var validationOutputs = validation is null ? null : new float[validation.Rows * _task.OutputSize];

        var epochs = new List<EpochRecord>(previous?.Epochs ?? []);
        int firstEpoch = epochs.Count == 0 ? 0 : epochs[^1].Epoch + 1;
        var best = new BestTracker(_options.Patience, _options.MinDelta);
        BestWeights? bestWeights = null;
        int bestIndex = -1;
        var stopReason = StopReason.EpochLimit;

        // With DivergenceHandling.RestoreBest, the weights to fall back on: the starting weights until an
        // epoch has the best monitored loss, then that epoch's. Snapshots are taken only of finite weights.
        var fallback = _options.OnDivergence == DivergenceHandling.RestoreBest ? parameters.Clone() : null;
        int fallbackIndex = -1;

        int startEpoch = 0;
        if (resuming)
        {
            var contents = CheckpointFile.Read(checkpoint!.Path, parameters, optimizer, optimizerParameters, numberOfEpochs, train.Rows,
                saved => CheckFingerprint(checkpoint.Path, saved, fingerprint!));
            if (contents.ProcessorCount != Environment.ProcessorCount)
                _log($"The checkpoint was written with {contents.ProcessorCount} cores and this fit has {Environment.ProcessorCount}: " +
                     "it continues correctly, but need not give bit for bit the model an uninterrupted fit gives.");
            ((ResumableRandom)random).RestoreState(contents.RandomState);
            contents.RowOrder.CopyTo(order, 0); // each epoch shuffles the order the last one left
            if (contents.Epochs.Count - contents.EpochsDone != (previous?.Epochs.Count ?? 0))
                throw new InvalidDataException($"Checkpoint '{checkpoint.Path}' records {contents.Epochs.Count} epochs for {contents.EpochsDone} trained, " +
                    $"which does not continue the initial model's {previous?.Epochs.Count ?? 0}.");
            epochs = [.. contents.Epochs];
            startEpoch = contents.EpochsDone;
            // The schedule and the early-stopping rule are functions of the monitored losses so far: replayed, not stored.
            for (int i = epochs.Count - startEpoch; i < epochs.Count; i++)
            {
                double monitoredLoss = validation is null ? epochs[i].TrainingLoss : epochs[i].ValidationLoss;
                schedule.OnEpochEnd(scheduleOffset + i - (epochs.Count - startEpoch), monitoredLoss);
                if (best.Observe(monitoredLoss))
                    bestIndex = fallbackIndex = i;
            }
            if (fallback is null)
                fallbackIndex = -1;
            if (contents.Best is { } savedBest && validation is not null && _options.RestoreBestWeights)
            {
                bestWeights = runner.CreateBestWeights(parameters);
                bestWeights.Load(parameters, savedBest.LaterArrays, savedBest.FirstLayerRows);
            }
            if (fallback is not null)
                (contents.Fallback ?? parameters).CopyTo(fallback);
            _log($"Resumed from checkpoint '{checkpoint.Path}' after epoch {(epochs.Count > 0 ? epochs[^1].Epoch : -1)}.");
            if (best.ShouldStop)
            {
                startEpoch = numberOfEpochs; // the uninterrupted fit stopped here
                stopReason = validation is null ? StopReason.TrainingLossConverged : StopReason.EarlyStopping;
            }
        }

        for (int epoch = startEpoch; epoch < numberOfEpochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double rate = schedule.RateForEpoch(scheduleOffset + epoch);
            if (_options.Shuffle)
                random.Shuffle(order);
            runner.BeginEpoch(parameters);

            double lossSum = 0, weightSum = 0;
            string? divergence = null;
            for (int start = 0; start < train.Rows; start += batchSize)
            {
                _checkAlive();
                int rows = Math.Min(batchSize, train.Rows - start);
                double batchWeight = runner.Gather(train, order.AsSpan(start, rows), batchTargets, batchWeights);
                dropout?.Fill(random, rows);
                double batchLoss = runner.ComputeGradients(parameters, batchTargets.AsSpan(0, rows * train.TargetWidth),
                    batchWeights.AsSpan(0, rows), gradients, dropout);
                if (!double.IsFinite(batchLoss))
                {
                    divergence = $"the loss became {batchLoss}";
                    (lossSum, weightSum) = (batchLoss, 1); // the epoch's record shows the non-finite loss
                    break;
                }
                runner.Step(optimizer, optimizerParameters, (float)rate, _options.GradientClipNorm);
                lossSum += batchLoss * batchWeight;
                weightSum += batchWeight;
            }

            // A batch loss is measured before its step, so the epoch's last step could overflow unseen —
            // or leave finite weights so large that scoring overflows (which the model loader refuses too).
            if (divergence is null && !AllFinite(parameters))
                divergence = "a weight or bias became NaN or infinite";
            if (divergence is null && !ScoresStayFinite(parameters, activations, train, sparse))
                divergence = "the weights grew so large that scores would overflow float32";

            double trainLoss = weightSum > 0 ? lossSum / weightSum : 0;
            double validationLoss = double.NaN, validationMetric = double.NaN;
            if (divergence is null && validation is not null)
            {
                validationLoss = runner.EvaluateLoss(parameters, validation);
                runner.Forward(parameters, validation, validationOutputs!);
                validationMetric = Metric(validation, validationOutputs!);
                if (!double.IsFinite(validationLoss))
                    divergence = $"the validation loss became {validationLoss}";
            }

            if (divergence is not null)
            {
                if (fallback is null)
                    throw Diverged(firstEpoch + epoch, divergence, rate);
                // DivergenceHandling.RestoreBest: record the diverged epoch, roll back, stop.
                epochs.Add(new EpochRecord(firstEpoch + epoch, trainLoss, validationLoss, validationMetric, rate, clock.Elapsed.TotalSeconds));
                fallback.CopyTo(parameters);
                hotFirst?.ToColumnOrder(parameters.Weights[0], layerSizes[0]);
                _log($"Training diverged in epoch {firstEpoch + epoch}: {divergence}. Restored the weights of " +
                     (fallbackIndex < 0 ? "the start of training" : $"epoch {epochs[fallbackIndex].Epoch}") + " and stopped.");
                return new Result(parameters, new TrainingHistory(epochs, fallbackIndex, StopReason.Diverged), sparse);
            }

            var record = new EpochRecord(firstEpoch + epoch, trainLoss, validationLoss, validationMetric, rate, clock.Elapsed.TotalSeconds);
            epochs.Add(record);
            _log($"Epoch {record.Epoch}: training loss {trainLoss:G6}" +
                 (validation is null ? "" : $", validation loss {validationLoss:G6}, validation {_task.Metric} {validationMetric:G4}") +
                 $", learning rate {rate:G4}, {record.Seconds:F3} s");

            double monitored = validation is null ? trainLoss : validationLoss;
            schedule.OnEpochEnd(scheduleOffset + epoch, monitored);
            if (best.Observe(monitored))
            {
                bestIndex = epochs.Count - 1;
                if (validation is not null && _options.RestoreBestWeights)
                {
                    bestWeights ??= runner.CreateBestWeights(parameters);
                    bestWeights.Take(parameters);
                }
                if (fallback is not null)
                {
                    parameters.CopyTo(fallback);
                    fallbackIndex = bestIndex;
                }
            }
            bool callbackStops = _options.EpochCallback is { } callback && !callback(record);
            // A checkpoint is saved only where training goes on (or may, after a callback's stop: an interrupted CLI run).
            if (checkpoint is not null && (callbackStops || ((epoch + 1) % checkpoint.EveryEpochs == 0 && epoch + 1 < numberOfEpochs && !best.ShouldStop)))
            {
                var saving = Stopwatch.StartNew();
                var savedBest = bestWeights is { HasSnapshot: true } ? bestWeights.Difference(parameters) : default;
                CheckpointFile.Write(checkpoint.Path, new CheckpointFile.Contents(checkpoint.Seed, fingerprint!, Environment.ProcessorCount, epoch + 1,
                    epochs, ((ResumableRandom)random).SaveState(), order,
                    savedBest.LaterArrays is null ? null : new CheckpointFile.BestSection(savedBest.LaterArrays, savedBest.FirstLayerRows), fallback),
                    parameters, optimizer, optimizerParameters);
                _log($"Checkpoint saved to '{checkpoint.Path}' after epoch {record.Epoch} in {saving.Elapsed.TotalSeconds:F2} s.");
            }
            if (callbackStops)
            {
                stopReason = StopReason.Callback;
                break;
            }
            if (best.ShouldStop)
            {
                stopReason = validation is null ? StopReason.TrainingLossConverged : StopReason.EarlyStopping;
                break;
            }
        }

        if (bestWeights is not null)
        {
            bestWeights.Restore(parameters);
        }
        else
        {
            // Without restored weights the model holds the last epoch's weights.
            bestIndex = epochs.Count - 1;
        }
        hotFirst?.ToColumnOrder(parameters.Weights[0], layerSizes[0]);
        var state = _options.SaveTrainingState
            ? ContinuationState.Write(_options.Optimizer, sparse, optimizer, optimizerParameters,
                hotFirst is null ? null : w => hotFirst.ToColumnOrder(w, layerSizes[0]), (ResumableRandom)random, order, _log)
            : null;
        return new Result(parameters, new TrainingHistory(epochs, bestIndex, stopReason), sparse, state);
    }

    private static void CheckFingerprint(string path, CheckpointFingerprint saved, CheckpointFingerprint fit)
    {
        var differences = saved.Differences(fit);
        if (differences.Count > 0)
            throw new InvalidOperationException($"Checkpoint '{path}' was written by a different fit, so this fit cannot resume from it: " +
                string.Join("; ", differences) + ". Use the checkpoint's options and data, or delete it (or set option ResumeFromCheckpoint = false) to start afresh.");
    }

    private static IGradientEngine CreateEngine(IGradientBackend backend, NetworkSpec spec)
    {
        try
        {
            return backend.CreateEngine(spec);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"The {backend.Name} training backend could not start: {e.Message}", e);
        }
    }

    // inputMajorFirstLayer: the first layer's weights are drawn as in the usual layout but stored in × out, each
    // input's row where hotFirst holds it.
    private ParameterSet<float> Initialize(int inputSize, int[] layerSizes, Random random, bool inputMajorFirstLayer, HotFirstColumns? hotFirst)
    {
        var parameters = new ParameterSet<float>(inputSize, layerSizes);
        for (int l = 0; l < layerSizes.Length; l++)
        {
            if (l == 0 && inputMajorFirstLayer)
                WeightInitialization.FillWeightsInputMajor(_options.EffectiveInitializer, parameters.Weights[0].AsSpan(), layerSizes[0], inputSize, random,
                    hotFirst is null ? default : hotFirst.Positions);
            else
                WeightInitialization.FillWeights(_options.EffectiveInitializer, parameters.Weights[l].AsSpan(), layerSizes[l], parameters.LayerInputSize(l), random);
            WeightInitialization.FillBias(parameters.Biases[l].AsSpan());
        }
        return parameters;
    }

    private double Metric(MlpTrainingData data, float[] outputs)
    {
        int k = _task.OutputSize;
        double correct = 0, total = 0;
        if (_task.Metric == ValidationMetric.Accuracy)
        {
            for (int r = 0; r < data.Rows; r++)
            {
                var output = outputs.AsSpan(r * k, k);
                var target = data.Targets.AsSpan(r * k, k);
                bool hit = k == 1
                    ? (output[0] > 0) == (target[0] > 0.5f)
                    : TensorPrimitives.IndexOfMax(output) == TensorPrimitives.IndexOfMax(target);
                correct += hit ? data.Weights[r] : 0;
                total += data.Weights[r];
            }
            return total > 0 ? correct / total : double.NaN;
        }

        double weightSum = 0, mean = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            mean += data.Weights[r] * data.Targets[r];
            weightSum += data.Weights[r];
        }
        mean /= weightSum;
        double residual = 0, spread = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            residual += data.Weights[r] * Math.Pow(data.Targets[r] - outputs[r], 2);
            spread += data.Weights[r] * Math.Pow(data.Targets[r] - mean, 2);
        }
        return spread > 0 ? 1 - residual / spread : double.NaN;
    }

    /// <summary>
    /// Whether the model these weights make passes the loader's <see cref="OverflowGuard"/>, and scores the
    /// training rows without overflow: the worst-case output for inputs within the larger of
    /// <see cref="OverflowGuard.InputBound"/> and the training features' magnitude, mapped to a score.
    /// </summary>
    private bool ScoresStayFinite(ParameterSet<float> parameters, Activation[] activations, MlpTrainingData train, bool inputMajorFirstLayer)
    {
        _inputMagnitude ??= Math.Max(OverflowGuard.InputBound, train.Features.MaxMagnitude());
        double output = OverflowGuard.NetworkBound(parameters.InputSize, parameters.Weights, parameters.Biases, activations,
            inputMajorFirstLayer, _inputMagnitude.Value);
        return output * _scaling.Scale + Math.Abs(_scaling.Mean) <= float.MaxValue;
    }

    private static bool AllFinite(ParameterSet<float> parameters)
    {
        // MaxMagnitude propagates NaN and returns ∞ for any infinity: one vectorised pass per array.
        foreach (var (values, _) in parameters.Arrays())
        {
            if (values.Length > 0 && !float.IsFinite(TensorPrimitives.MaxMagnitude<float>(values)))
                return false;
        }
        return true;
    }

    private static InvalidOperationException Diverged(int epoch, string what, double rate) =>
        new($"Training diverged in epoch {epoch}: {what}. Lower option LearningRate (now {rate:G4}), " +
            $"set option GradientClipNorm, or normalize the features (e.g. NormalizeMeanVariance); " +
            $"option OnDivergence = RestoreBest returns the best weights so far instead of throwing.");
}
