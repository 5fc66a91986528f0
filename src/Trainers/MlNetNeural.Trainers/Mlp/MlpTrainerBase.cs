using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Data;
using MlNetNeural.Neural;
using MlNetNeural.Training;
using MlNetNeural.Training.Checkpoints;

namespace MlNetNeural.Mlp;

/// <summary>
/// What the three MLP trainers share: reading the data, the validation set or holdout, continued
/// training from a fitted model, and running the managed training loop.
/// </summary>
/// <typeparam name="TTransformer">The prediction transformer the trainer produces.</typeparam>
/// <typeparam name="TModel">The model parameters the trainer produces.</typeparam>
/// <typeparam name="TOutput">What the model produces per row.</typeparam>
public abstract class MlpTrainerBase<TTransformer, TModel, TOutput> : TrainerEstimatorBase<TTransformer, TModel>
    where TTransformer : ISingleFeaturePredictionTransformer<TModel>
    where TModel : MlpModelParametersBase<TOutput>
{
    private readonly MlpOptionsBase _options;

    private protected MlpTrainerBase(IHostEnvironment env, string name, MlpOptionsBase options, SchemaShape.Column label)
        : base(Contracts.CheckRef(env, nameof(env)).Register(name),
               TrainerUtils.MakeR4VecFeature(options.FeatureColumnName),
               label,
               TrainerUtils.MakeR4ScalarWeightColumn(options.ExampleWeightColumnName))
    {
        _options = options;
    }

    /// <summary>Validates options before the base constructor runs, so no estimator exists with bad options.</summary>
    private protected static T Checked<T>(T options) where T : MlpOptionsBase
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>MLPs need normalized features; the data is read once into memory, so no cache is needed.</summary>
    public override TrainerInfo Info { get; } = new(normalization: true, caching: false, supportValid: true, supportIncrementalTrain: true);

    /// <summary>Trains with a separate validation set, used for early stopping and the history's validation columns.</summary>
    /// <param name="trainData">The training data.</param>
    /// <param name="validationData">The validation data, with the same columns as the training data.</param>
    public TTransformer Fit(IDataView trainData, IDataView validationData) => TrainTransformer(trainData, validationData);

    /// <summary>Continues training from a fitted model (its weights, and its history's epoch count).</summary>
    /// <param name="trainData">The training data.</param>
    /// <param name="validationData">The validation data, or <c>null</c>.</param>
    /// <param name="initialModel">The model to continue from; its layer sizes must match the options and the data.</param>
    public TTransformer Fit(IDataView trainData, IDataView? validationData, TModel initialModel)
    {
        ArgumentNullException.ThrowIfNull(initialModel);
        return TrainTransformer(trainData, validationData, initialModel);
    }

    private protected abstract LabelKind LabelKind { get; }

    /// <summary>The task's output size, loss and metric for the data read.</summary>
    private protected abstract TrainingObjective MakeTask(TrainingMatrix data);

    /// <summary>Turns labels into the network's targets (one-hot, 0/1, or standardized values).</summary>
    private protected abstract float[] MakeTargets(TrainingMatrix data, TargetScaling scaling);

    /// <summary>Turns example weights into training weights (class weights applied here).</summary>
    private protected virtual float[] MakeWeights(TrainingMatrix data) => data.Weights ?? Enumerable.Repeat(1f, data.Rows).ToArray();

    /// <summary>How labels map to targets: only regression standardizes, keeping a continued model's scaling.</summary>
    private protected virtual TargetScaling ChooseScaling(TrainingMatrix data, TModel? initialModel) => TargetScaling.Identity;

    private protected abstract TModel CreateModel(DenseNetwork network, Mlp.TrainingHistory history, TargetScaling scaling, InputEncoding? encoding,
        byte[]? trainingState);

    /// <inheritdoc />
    protected sealed override TModel TrainModelCore(TrainContext trainContext)
    {
        var train = TrainingDataReader.Read(Host, trainContext.TrainingSet, LabelKind, _options.InvalidRows, _options.FeatureStorage);
        var initialModel = InitialModel(trainContext.InitialPredictor, train.FeatureCount);
        var scaling = ChooseScaling(train, initialModel);
        var task = MakeTask(train);
        int seed = _options.Seed ?? (_options.ResumeFromCheckpoint && File.Exists(_options.CheckpointPath)
            ? CheckpointFile.ReadSeed(_options.CheckpointPath) // the interrupted fit's drawn seed
            : Host.Rand.Next());
        using var channel = Host.Start("Training MLP");
        var options = SmallDataSelection.Applies(_options, train, trainContext.ValidationSet is not null, initialModel is not null)
            ? ChooseOnSmallData(train, task, scaling, seed, channel)
            : _options;

        var choices = RecipeChoices.For(options, train.Features.IsSparse, initialModel?.HiddenLayerSizes);
        var random = new ResumableRandom(seed); // new Random(seed)'s numbers, with a state a checkpoint can save
        var encoding = ChooseEncoding(options, train.Features, initialModel, random);
        var trainData = new MlpTrainingData(Encoded(encoding, train.Features), MakeTargets(train, scaling), task.OutputSize, MakeWeights(train));
        if (trainData.Weights.All(w => w == 0))
            throw new InvalidOperationException("Every training row has weight zero (example weights times option ClassWeights): nothing to train on.");
        MlpTrainingData? validationData = null;
        if (trainContext.ValidationSet is { } validationSet)
        {
            // The validation rows are held in the training rows' form, so the engine scores both alike.
            var validation = TrainingDataReader.Read(Host, validationSet, LabelKind, options.InvalidRows,
                train.Features.IsSparse ? FeatureStorage.Sparse : FeatureStorage.Dense, requireClasses: false);
            if (validation.FeatureCount != train.FeatureCount)
                throw new ArgumentException($"The validation data's feature column '{FeatureColumn.Name}' has {validation.FeatureCount} slots but the training data's has {train.FeatureCount}.");
            if (validation.ClassCount != train.ClassCount)
                throw new ArgumentException($"The validation data's label column '{LabelColumn.Name}' has {validation.ClassCount} classes but the training data's has {train.ClassCount}.");
            validationData = new MlpTrainingData(Encoded(encoding, validation.Features), MakeTargets(validation, scaling), task.OutputSize, MakeWeights(validation));
        }

        if (choices.Describe(options, train.Features.IsSparse) is { } chosen)
            channel.Info(chosen);
        var checkpoint = _options.CheckpointPath is { } path
            ? new CheckpointPlan(CheckedCheckpointPath(path), _options.CheckpointEveryEpochs, _options.ResumeFromCheckpoint, seed,
                CheckpointFingerprint.DescribeOptions(options))
            : null;
        var hiddenActivations = Enumerable.Repeat(options.HiddenActivation, choices.HiddenLayers.Length).Append(Activation.Identity).ToArray();
        if (options.EnsembleSize > 1)
            return FitEnsemble(options, choices, task, scaling, trainData, validationData, initialModel, random, seed, channel, encoding, hiddenActivations);
        var result = Run(options, choices, task, scaling, trainData, validationData, initialModel, random, channel.Info, checkpoint);
        channel.Info($"Training stopped after {result.History.Epochs.Count} epochs: {result.History.StopReason}.");
        return CreateModel(result.ToNetwork(hiddenActivations), result.History, scaling, encoding, result.TrainingState);
    }

    // Option EnsembleSize: member 0 draws from the fit's generator (it is the network EnsembleSize = 1 gives), the
    // others from generators of their own; the model is their merged network (EnsembleMerge).
    private TModel FitEnsemble(MlpOptionsBase options, RecipeChoices choices, TrainingObjective task, TargetScaling scaling, MlpTrainingData trainData,
        MlpTrainingData? validationData, TModel? initialModel, ResumableRandom random, int seed, IChannel channel, InputEncoding? encoding,
        Activation[] hiddenActivations)
    {
        if (initialModel is not null)
            throw new ArgumentException($"Option EnsembleSize = {options.EnsembleSize} trains new members; continue an ensemble's model with EnsembleSize = 1.", nameof(initialModel));
        var members = new List<DenseNetwork>();
        Mlp.TrainingHistory? history = null;
        for (int m = 0; m < options.EnsembleSize; m++)
        {
            var memberRandom = m == 0 ? random : new ResumableRandom(unchecked((seed * 7919) + (m * 104729)));
            var result = Run(options, choices, task, scaling, trainData, validationData, null, memberRandom, m == 0 ? channel.Info : _ => { });
            channel.Info($"Ensemble member {m + 1} of {options.EnsembleSize}: {result.History.Epochs.Count} epochs, {result.History.StopReason}" +
                (result.History.BestEpoch >= 0 && !double.IsNaN(result.History.Epochs[result.History.BestEpoch].ValidationLoss)
                    ? $", validation loss {result.History.Epochs[result.History.BestEpoch].ValidationLoss:G4}." : "."));
            members.Add(result.ToNetwork(hiddenActivations));
            history ??= result.History;
        }
        return CreateModel(EnsembleMerge.Merge(members), history!, scaling, encoding, null);
    }

    // The loop on rows already encoded: the holdout when early stopping has no validation set, label smoothing of the
    // rows trained on (after the split, so the validation rows keep their labels), then the epochs.
    private MlpTrainingLoop.Result Run(MlpOptionsBase options, RecipeChoices choices, TrainingObjective task, TargetScaling scaling,
        MlpTrainingData trainData, MlpTrainingData? validationData, TModel? initialModel, Random random, Action<string> log,
        CheckpointPlan? checkpoint = null)
    {
        if (validationData is null && options.EarlyStopping)
        {
            int holdout = (int)Math.Round(trainData.Rows * options.ValidationFraction);
            if (holdout >= trainData.Rows)
                throw new ArgumentOutOfRangeException(nameof(MlpOptionsBase.ValidationFraction), options.ValidationFraction,
                    $"Option ValidationFraction {options.ValidationFraction} of {trainData.Rows} rows leaves no rows to train on.");
            if (holdout < 1)
            {
                // Early stopping is on by default, and a default must not fail on a textbook set of a few rows (XOR has
                // four): with too few rows to hold one out, every row trains and the training-loss rule applies.
                log($"Option ValidationFraction {options.ValidationFraction} of {trainData.Rows} rows holds out no row: " +
                    "training on every row, without a validation holdout.");
            }
            else
            {
                var rows = Enumerable.Range(0, trainData.Rows).ToArray();
                random.Shuffle(rows);
                (trainData, validationData) = trainData.Split(rows[..holdout]);
            }
        }

        if (options is MlpClassificationOptionsBase { LabelSmoothing: > 0 } classification)
        {
            // On a copy: without a holdout these are the caller's targets, which an ensemble's next member trains on too.
            trainData = new MlpTrainingData(trainData.Features, (float[])trainData.Targets.Clone(), trainData.TargetWidth, trainData.Weights);
            Training.LabelSmoothing.Apply(trainData.Targets, task.OutputSize, classification.LabelSmoothing);
        }

        var cancellation = options.CancellationToken;
        var loop = new MlpTrainingLoop(TrainingSettings.From(options, choices), task, () =>
        {
            Host.CheckAlive();
            cancellation.ThrowIfCancellationRequested();
        }, log, scaling);
        return loop.Run(trainData, validationData, initialModel?.Network.ToParameterSet(), initialModel?.History, random, checkpoint,
            initialModel?.TrainingState ?? default);
    }

    // SmallDataSelection: every candidate trains on each fold's other rows (its own encoding fitted on the whole
    // training set, its own holdout if it stops early) and is scored on the fold. The selection draws from its own
    // generator, so the fit that follows is the one these options would give without it.
    private MlpOptionsBase ChooseOnSmallData(TrainingMatrix train, TrainingObjective task, TargetScaling scaling, int seed, IChannel channel)
    {
        var random = new Random(unchecked((seed * 31) + 17));
        var folds = SmallDataSelection.Folds(train, LabelKind, MlpOptionsBase.Defaults.SmallDataFolds, random);
        var candidates = SmallDataSelection.Candidates(_options);
        var losses = new double[candidates.Count];
        // Shared by every candidate: a fold's rows are copied out of them (Split), so no fit changes them.
        var targets = MakeTargets(train, scaling);
        var weights = MakeWeights(train);
        for (int c = 0; c < candidates.Count; c++)
        {
            var options = candidates[c].Options.WithoutCallback();
            var choices = RecipeChoices.For(options, sparse: false, continuedLayers: null);
            var encoding = ChooseEncoding(options, train.Features, null, random);
            var all = new MlpTrainingData(Encoded(encoding, train.Features), targets, task.OutputSize, weights);
            double sum = 0, weight = 0;
            foreach (int[] held in folds)
            {
                var (foldTrain, foldHeld) = all.Split(held);
                var result = Run(options, choices, task, scaling, foldTrain, null, null, random, _ => { });
                double heldWeight = foldHeld.Weights.Sum(w => (double)w);
                sum += SmallDataSelection.HeldOutLoss(options, choices, task, result, foldHeld) * heldWeight;
                weight += heldWeight;
            }
            losses[c] = weight > 0 ? sum / weight : double.PositiveInfinity;
        }

        int best = 0;
        for (int c = 1; c < candidates.Count; c++)
        {
            if (losses[c] < losses[best]) // NaN never wins
                best = c;
        }
        channel.Info($"Small training set ({train.Rows} rows): {folds.Length}-fold cross-validated loss " +
            string.Join(", ", candidates.Select((candidate, c) => $"{candidate.Name} {losses[c]:G4}")) +
            $"; training the {candidates[best].Name} on every row (option SmallDataSelection).");
        return candidates[best].Options;
    }

    // Checked before any training, so a mistyped folder fails now and not after the first epoch.
    private static string CheckedCheckpointPath(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new ArgumentException($"Option CheckpointPath '{path}' is a folder; it must name a file (in an existing folder).", nameof(MlpOptionsBase.CheckpointPath));
        if (!Directory.Exists(Path.GetDirectoryName(full)))
            throw new ArgumentException($"Option CheckpointPath '{path}': the folder '{Path.GetDirectoryName(full)}' does not exist.", nameof(MlpOptionsBase.CheckpointPath));
        return full;
    }

    private static FeatureRows Encoded(InputEncoding? encoding, FeatureRows rows) => encoding is null ? rows : InputEncodingFit.Apply(encoding, rows);

    // Continued training keeps the model's encoding (the network learned in it). A fresh fit fits the one the
    // options ask for: on sparse rows the zero-preserving scaling only (centring or periodic features would make them dense).
    private static InputEncoding? ChooseEncoding(MlpOptionsBase options, FeatureRows features, TModel? initialModel, Random random)
    {
        if (initialModel is not null)
        {
            if (initialModel.InputEncoding is { PreservesZeros: false } && features.IsSparse)
                throw new ArgumentException("The initial model centres its features or adds periodic features, which sparse training rows cannot take: " +
                    "set option FeatureStorage = Dense to continue training it on this data.", nameof(initialModel));
            return initialModel.InputEncoding;
        }

        if (options.InputScaling == InputScaling.None)
            return null;
        return features.IsSparse
            ? InputEncodingFit.FitSparse(features.Sparse)
            : InputEncodingFit.Fit(features, options.PeriodicFeatures, options.PeriodicFeatureScale, random.Next());
    }

    private TModel? InitialModel(IPredictor? predictor, int featureCount)
    {
        if (predictor is null)
            return null;
        if (predictor is not TModel model)
            throw new ArgumentException($"Continued training needs a {typeof(TModel).Name}, not a {predictor.GetType().Name}.", "initialModel");
        var expected = _options.HiddenLayers ?? model.HiddenLayerSizes.ToArray(); // unset: the model's own
        if (model.FeatureCount != featureCount || !model.HiddenLayerSizes.SequenceEqual(expected) ||
            model.Network.Activations.Take(expected.Length).Any(a => a != _options.HiddenActivation))
        {
            throw new ArgumentException(
                $"The initial model ({model.FeatureCount} features, hidden layers [{string.Join(", ", model.HiddenLayerSizes)}]) does not match " +
                $"the data ({featureCount} features) and options HiddenLayers [{string.Join(", ", expected)}] / HiddenActivation {_options.HiddenActivation}.",
                "initialModel");
        }
        return model;
    }
}
