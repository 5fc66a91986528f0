using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Initialization;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Training.Backends;
using MlNetNeural.Training.Checkpoints;

namespace MlNetNeural.Training;

/// <summary>Builds a fit's <see cref="TrainingRun"/>, drawing the initial weights first from the run's generator.</summary>
internal sealed partial class MlpTrainingLoop
{
    private TrainingRun Prepare(MlpTrainingData train, MlpTrainingData? validation, ParameterSet<float>? initial, TrainingHistory? previous, Random random,
        bool resuming, ReadOnlyMemory<byte> initialState)
    {
        var layerSizes = _settings.HiddenLayers.Append(_task.OutputSize).ToArray();
        var activations = Enumerable.Repeat(_settings.HiddenActivation, _settings.HiddenLayers.Length).Append(Activation.Identity).ToArray();
        int batchSize = Math.Min(_settings.BatchSize, train.Rows);
        // Sparse rows: the first layer is held input-major, so each input column's weights are contiguous.
        bool sparse = train.IsSparse;
        var hotFirst = RenumberHotFirst(train, validation);
        var parameters = StartingParameters(train.FeatureCount, layerSizes, initial, random, resuming, sparse, hotFirst);
        var backend = _settings.Backend ?? ManagedBackend.Instance;
        var engine = CreateEngine(backend, new NetworkSpec(train.FeatureCount, layerSizes, activations, batchSize,
            _task.Loss, _task.HuberDelta, _settings.L1Regularization, _settings.L2Regularization) { InputMajorFirstLayer = sparse });
        try
        {
            var runner = new BatchRunner(engine, sparse, _settings.SparseUpdates, train.FeatureCount, layerSizes[0], batchSize);
            // A text model's first layer is the bulk of its memory: no unused gradient copy of it.
            var gradients = runner.NeedsFirstLayerGradient
                ? new ParameterSet<float>(train.FeatureCount, layerSizes)
                : ParameterSet<float>.WithoutFirstWeights(train.FeatureCount, layerSizes);
            var optimizerParameters = Enumerable.Range(0, parameters.ArrayCount)
                .Select(i => new OptimizerParameter<float>(parameters.GetArray(i).Values, gradients.GetArray(i).Values, parameters.GetArray(i).IsWeight))
                .ToArray();
            var optimizer = OptimizerFactory.Create<float>(_settings.Optimizer, _settings.OptimizerSettings);
            int numberOfEpochs = EpochCount.For(_settings.NumberOfEpochs, sparse, train.Rows, batchSize);
            if (_settings.NumberOfEpochs is null)
                _log($"NumberOfEpochs unset: {numberOfEpochs} epochs for {(sparse ? "sparse" : "dense")} features.");
            var order = Enumerable.Range(0, train.Rows).ToArray();
            // A model's training state continues the optimizer, the generator, the batch order and the schedule's epochs.
            bool continues = !initialState.IsEmpty && ContinuationState.TryApply(initialState.Span, _settings.Optimizer, sparse, optimizer,
                optimizerParameters, hotFirst is null ? null : w => hotFirst.ToTrainingOrder(w, layerSizes[0]), (ResumableRandom)random, order, _log);
            int scheduleOffset = continues ? previous?.Epochs.Count ?? 0 : 0;
            var epochs = new List<EpochRecord>(previous?.Epochs ?? []);
            return new TrainingRun
            {
                LayerSizes = layerSizes, Activations = activations, BatchSize = batchSize, Sparse = sparse, HotFirst = hotFirst,
                Parameters = parameters, Gradients = gradients, Engine = engine, Runner = runner,
                Optimizer = optimizer, OptimizerParameters = optimizerParameters, NumberOfEpochs = numberOfEpochs, Order = order,
                ScheduleOffset = scheduleOffset, Schedule = CreateSchedule(previous, scheduleOffset, numberOfEpochs),
                Dropout = _settings.DropoutRate > 0 && _settings.HiddenLayers.Length > 0
                    ? new DropoutMasks<float>(_settings.HiddenLayers, _settings.DropoutRate, batchSize)
                    : null,
                FirstEpoch = epochs.Count == 0 ? 0 : epochs[^1].Epoch + 1,
                Epochs = epochs,
                Best = new BestEpochTracker(new BestTracker(_settings.Patience, _settings.MinDelta), validation is not null && _settings.RestoreBestWeights,
                    runner.CreateBestWeights, _settings.OnDivergence == DivergenceHandling.RestoreBest ? parameters.Clone() : null),
                Divergence = new DivergenceMonitor(activations, _scaling, train, sparse),
                BatchTargets = new float[batchSize * train.TargetWidth],
                BatchWeights = new float[batchSize],
                ValidationOutputs = validation is null ? null : new float[validation.Rows * _task.OutputSize],
            };
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    // Lazy sparse updates touch the rows of a batch's columns: those rows are held most frequent first, and the rows'
    // column numbers follow until Run restores them.
    private HotFirstColumns? RenumberHotFirst(MlpTrainingData train, MlpTrainingData? validation)
    {
        if (!train.IsSparse || _settings.SparseUpdates != SparseUpdates.Lazy)
            return null;
        var hotFirst = HotFirstColumns.Of(train.Features.Sparse);
        hotFirst.Renumber(train.Features.Sparse);
        if (validation is not null)
            hotFirst.Renumber(validation.Features.Sparse);
        _renumbered = hotFirst;
        return hotFirst;
    }

    private ParameterSet<float> StartingParameters(int inputSize, int[] layerSizes, ParameterSet<float>? initial, Random random, bool resuming,
        bool sparse, HotFirstColumns? hotFirst)
    {
        if (resuming)
            return new ParameterSet<float>(inputSize, layerSizes); // read from the checkpoint by Resume
        if (initial is null)
            return Initialize(inputSize, layerSizes, random, inputMajorFirstLayer: sparse, hotFirst);
        var parameters = initial.Clone();
        if (sparse)
            FirstLayerLayout.ToInputMajor(parameters);
        hotFirst?.ToTrainingOrder(parameters.Weights[0], layerSizes[0]);
        return parameters;
    }

    // A schedule that reacts to the loss (ReduceOnPlateau) relives a continued model's epochs.
    private LearningRateScheduler CreateSchedule(TrainingHistory? previous, int scheduleOffset, int numberOfEpochs)
    {
        var schedule = LearningRateSchedulerFactory.Create(_settings.LearningRateSchedule, _settings.LearningRate, scheduleOffset + numberOfEpochs,
            _settings.LearningRateScheduleSettings);
        for (int e = 0; e < scheduleOffset; e++)
        {
            var record = previous!.Epochs[e];
            schedule.OnEpochEnd(e, double.IsNaN(record.ValidationLoss) ? record.TrainingLoss : record.ValidationLoss);
        }
        return schedule;
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
                WeightInitialization.FillWeightsInputMajor(_settings.Initializer, parameters.Weights[0].AsSpan(), layerSizes[0], inputSize, random,
                    hotFirst is null ? default : hotFirst.Positions);
            else
                WeightInitialization.FillWeights(_settings.Initializer, parameters.Weights[l].AsSpan(), layerSizes[l], parameters.LayerInputSize(l), random);
            WeightInitialization.FillBias(parameters.Biases[l].AsSpan());
        }
        return parameters;
    }
}
