using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Initialization;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Mlp;

/// <summary>Options shared by the binary, multiclass and regression MLP trainers.</summary>
/// <remarks>
/// Objective per batch: the weighted mean of the per-example loss, plus
/// <c>L1Regularization·Σ|W| + (L2Regularization/2)·ΣW²</c> over weight matrices (not biases).
/// Setting both penalties gives the elastic net.
/// </remarks>
public abstract class MlpOptionsBase : TrainerOptionsBase
{
    /// <summary>Every default (<see cref="MlpPreset.Tabular"/>), written once; the catalog overloads use the same values.</summary>
    public static class Defaults
    {
        /// <summary><see cref="HiddenLayers"/> when unset and the features are dense: two hidden layers of 256 units.</summary>
        public static int[] HiddenLayers => [256, 256];

        /// <summary>
        /// <see cref="HiddenLayers"/> when unset and the features are sparse (text, high-dimensional one-hot): two layers
        /// of 64, the n-gram MLP of Google's text-classification guide. A sparse model's first layer is one row of weights
        /// per slot, so its width sets the fit's time and memory. With <see cref="SparseLearningRate"/>, on the benchmark's
        /// 100,000-token text-like set: half the fit time of two layers of 256 at 1e-3 (4.5 s against 8.3 s) and 0.04 less
        /// accuracy (0.817, still 0.11 above SdcaMaximumEntropy's); sms_spam AUC 0.992 against 0.993; newspaper_churn
        /// (one-hot) AUC 0.839 against 0.836.
        /// </summary>
        public static int[] SparseHiddenLayers => [64, 64];

        /// <summary>Default <see cref="HiddenActivation"/>.</summary>
        public const Activation HiddenActivation = Activation.Relu;

        /// <summary>Default <see cref="Optimizer"/>.</summary>
        public const OptimizerKind Optimizer = OptimizerKind.Adam;

        /// <summary><see cref="LearningRate"/> when unset and the features are dense (Adam's usual step size).</summary>
        public const float LearningRate = 1e-3f;

        /// <summary>
        /// <see cref="LearningRate"/> when unset and the features are sparse: each first-layer row of a text model sees
        /// few steps, and at 1e-3 sms_spam's AUC was 0.985 to 0.990 over seeds 1 to 4 (0.988 to 0.992 at 3e-3).
        /// </summary>
        public const float SparseLearningRate = 3e-3f;

        /// <summary>Default <see cref="LearningRateSchedule"/>: half a cosine over the epochs.</summary>
        public const LearningRateScheduleKind LearningRateSchedule = LearningRateScheduleKind.Cosine;

        /// <summary>Epochs when <see cref="NumberOfEpochs"/> is unset and the features are dense.</summary>
        public const int NumberOfEpochs = 60;

        /// <summary>
        /// Optimizer steps when <see cref="NumberOfEpochs"/> is unset and the features are sparse (text, high-dimensional
        /// one-hot): the epochs are as many as make this many steps. Measured in batches of 256: a text-like set of 40,000
        /// rows (141 steps an epoch) has its best validation loss after the first epoch and the same test accuracy after 4
        /// epochs as after 60; sms_spam (16 steps an epoch) is as good after 20 epochs as after 60. The other 56 epochs of
        /// the first only cost time.
        /// </summary>
        public const int SparseStepBudget = 500;

        /// <summary>The fewest epochs <see cref="SparseStepBudget"/> gives (large sparse sets still see every row a few times).</summary>
        public const int MinimumSparseEpochs = 3;

        /// <summary>
        /// Default <see cref="BatchSize"/> (capped at the number of training rows). Measured against 256 on the quality
        /// benchmark (Zen 3, AVX2): bike_hour R² 0.916 against 0.906, digits accuracy 0.974 against 0.968, newspaper_churn
        /// AUC 0.842 against 0.839, sms_spam AUC 0.994 against 0.992 in half the fit time. On at most
        /// <see cref="SmallDataRows"/> rows the selection trains at <see cref="SmallDataBatchSize"/> instead.
        /// </summary>
        public const int BatchSize = 128;

        /// <summary>Default <see cref="L2Regularization"/>, for every task.</summary>
        public const float L2Regularization = 1e-4f;

        /// <summary>Default <see cref="DropoutRate"/>.</summary>
        public const float DropoutRate = 0.15f;

        /// <summary>Default <see cref="InputScaling"/>.</summary>
        public const InputScaling InputScaling = MlNetNeural.InputScaling.Robust;

        /// <summary>Default <see cref="PeriodicFeatures"/>.</summary>
        public const int PeriodicFeatures = 16;

        /// <summary>Default <see cref="PeriodicFeatureScale"/>.</summary>
        public const float PeriodicFeatureScale = 0.5f;

        /// <summary>Default <see cref="Patience"/>: 0, the cosine schedule runs its course (the training-loss rule would cut it short).</summary>
        public const int Patience = 0;

        /// <summary>Default <see cref="MinDelta"/>.</summary>
        public const float MinDelta = 1e-4f;

        /// <summary>
        /// Default <see cref="EarlyStopping"/>: hold out <see cref="ValidationFraction"/> and keep the epoch with the lowest
        /// validation loss. With <see cref="Patience"/> 0 the whole schedule runs; the best epoch is what is returned.
        /// </summary>
        public const bool EarlyStopping = true;

        /// <summary>Default <see cref="ValidationFraction"/>.</summary>
        public const float ValidationFraction = 0.1f;

        /// <summary>Default <see cref="OnDivergence"/>: a diverged run is an error, not a silently worse model.</summary>
        public const DivergenceHandling OnDivergence = DivergenceHandling.Throw;

        /// <summary>The most training rows on which <see cref="SmallDataSelection"/> cross-validates the recipe.</summary>
        public const int SmallDataRows = 1000;

        /// <summary>The folds of <see cref="SmallDataSelection"/>'s cross-validation.</summary>
        public const int SmallDataFolds = 5;

        /// <summary>The L2 strengths at which <see cref="SmallDataSelection"/> tries the Classic preset's network.</summary>
        public static float[] SmallDataClassicL2 => [1e-4f, 1e-2f, 1e-1f];

        /// <summary>
        /// <see cref="BatchSize"/> of <see cref="SmallDataSelection"/>'s tabular candidates: a few steps an epoch on a few
        /// hundred rows. At <see cref="BatchSize"/> 128 breast_cancer's AUC fell from 0.995 to 0.994 (log-loss 0.116 to
        /// 0.130) and moons_200's from 0.995 to 0.992.
        /// </summary>
        public const int SmallDataBatchSize = 256;

        /// <summary><see cref="PeriodicFeatureScale"/> of <see cref="SmallDataSelection"/>'s smooth candidate.</summary>
        public const float SmallDataPeriodicFeatureScale = 0.1f;

        /// <summary>The learning rates at which <see cref="SmallDataSelection"/> tries the smooth candidate.</summary>
        public static float[] SmallDataSmoothLearningRates => [1e-3f, 3e-3f];
    }

    /// <summary>The values of <see cref="MlpPreset.Classic"/> where they differ from <see cref="Defaults"/>.</summary>
    public static class ClassicDefaults
    {
        /// <summary><see cref="HiddenLayers"/>: one hidden layer of 100 units, as scikit-learn's MLP.</summary>
        public static int[] HiddenLayers => [100];

        /// <summary><see cref="NumberOfEpochs"/>.</summary>
        public const int NumberOfEpochs = 200;

        /// <summary><see cref="BatchSize"/> (Keras' default). Measured better than 200 on small tabular sets.</summary>
        public const int BatchSize = 32;

        /// <summary><see cref="L2Regularization"/> for classification.</summary>
        public const float L2Regularization = 1e-4f;

        /// <summary>
        /// <see cref="L2Regularization"/> for regression: noisy regression targets overfit a 100-unit layer; 1e-2 measured
        /// best across seeds on diabetes without hurting fit elsewhere.
        /// </summary>
        public const float RegressionL2Regularization = 1e-2f;

        /// <summary><see cref="Patience"/>.</summary>
        public const int Patience = 10;
    }

    /// <summary>Creates options with the values of <paramref name="preset"/>.</summary>
    /// <param name="preset">The preset.</param>
    /// <param name="regression">Whether the options are for regression (the classic preset's L2 differs).</param>
    private protected MlpOptionsBase(MlpPreset preset, bool regression)
    {
        OptionChecks.Defined(preset, "preset");
        SmallDataSelection = true;
        if (preset == MlpPreset.Classic)
            ApplyClassic(regression ? ClassicDefaults.RegressionL2Regularization : ClassicDefaults.L2Regularization);
    }

    private void ApplyClassic(float l2Regularization)
    {
        HiddenLayers = ClassicDefaults.HiddenLayers;
        LearningRate = Defaults.LearningRate;
        LearningRateSchedule = LearningRateScheduleKind.Constant;
        NumberOfEpochs = ClassicDefaults.NumberOfEpochs;
        BatchSize = ClassicDefaults.BatchSize;
        L2Regularization = l2Regularization;
        DropoutRate = 0;
        InputScaling = InputScaling.None;
        PeriodicFeatures = 0;
        Patience = ClassicDefaults.Patience;
        EarlyStopping = false;
        SmallDataSelection = false;
    }

    /// <summary>
    /// These options with the <see cref="MlpPreset.Classic"/> preset's recipe at L2 strength <paramref name="l2Regularization"/>:
    /// a candidate of the small-data selection. Everything else (seed, backend, columns, callback, cancellation) is kept.
    /// </summary>
    internal MlpOptionsBase ClassicCandidate(float l2Regularization)
    {
        var candidate = (MlpOptionsBase)MemberwiseClone();
        candidate.ApplyClassic(l2Regularization);
        return candidate;
    }

    /// <summary>
    /// These options (the tabular recipe) at <see cref="Defaults.SmallDataBatchSize"/>: the small-data selection's first
    /// candidate.
    /// </summary>
    internal MlpOptionsBase TabularCandidate()
    {
        var candidate = (MlpOptionsBase)MemberwiseClone();
        candidate.BatchSize = Defaults.SmallDataBatchSize;
        return candidate;
    }

    /// <summary>
    /// These options at <see cref="Defaults.SmallDataBatchSize"/> with smoother periodic features (<see cref="Defaults.SmallDataPeriodicFeatureScale"/>) at
    /// <paramref name="learningRate"/>: a candidate of the small-data selection.
    /// </summary>
    internal MlpOptionsBase SmoothPeriodicCandidate(float learningRate)
    {
        var candidate = TabularCandidate();
        candidate.PeriodicFeatureScale = Defaults.SmallDataPeriodicFeatureScale;
        candidate.LearningRate = learningRate;
        return candidate;
    }

    /// <summary>These options without the epoch callback, for the selection's fits: the user's callback watches the fit returned.</summary>
    internal MlpOptionsBase WithoutCallback()
    {
        var copy = (MlpOptionsBase)MemberwiseClone();
        copy.EpochCallback = null;
        return copy;
    }

    /// <summary>
    /// Whether every option the small-data selection varies is at its <see cref="MlpPreset.Tabular"/> value: a choice
    /// you made is never overridden.
    /// </summary>
    internal bool HasTabularRecipe =>
        HiddenLayers is null && LearningRate is null && NumberOfEpochs is null
        && HiddenActivation == Defaults.HiddenActivation && LearningRateSchedule == Defaults.LearningRateSchedule
        && BatchSize == Defaults.BatchSize && L2Regularization == Defaults.L2Regularization && L1Regularization == 0
        && DropoutRate == Defaults.DropoutRate && EarlyStopping == Defaults.EarlyStopping && Patience == Defaults.Patience
        && InputScaling == Defaults.InputScaling && PeriodicFeatures == Defaults.PeriodicFeatures
        && PeriodicFeatureScale == Defaults.PeriodicFeatureScale;

    /// <summary>
    /// Sizes of the hidden layers, input side first. Empty means no hidden layer (a linear model). Every size must be
    /// &gt;= 1. <c>null</c> (the default) lets the recipe choose: <see cref="Defaults.HiddenLayers"/> on dense features,
    /// <see cref="Defaults.SparseHiddenLayers"/> on sparse ones, and a continued model's own layers.
    /// </summary>
    public int[]? HiddenLayers { get; set; }

    /// <summary>The activation of every hidden layer.</summary>
    public Activation HiddenActivation { get; set; } = Defaults.HiddenActivation;

    /// <summary>Weight initialization; <c>null</c> picks He uniform for the ReLU family (ReLU, leaky ReLU, ELU, GELU, SiLU, Mish) and Glorot uniform otherwise.</summary>
    public WeightInitializerKind? WeightInitializer { get; set; }

    /// <summary>The optimizer; updates follow <c>torch.optim</c>'s formulas.</summary>
    public OptimizerKind Optimizer { get; set; } = Defaults.Optimizer;

    /// <summary>Optimizer hyper-parameters (momentum, betas, epsilon, RMSprop's rho, AdamW's decay); <c>null</c> uses their defaults.</summary>
    public OptimizerSettings? OptimizerSettings { get; set; }

    /// <summary>
    /// The base learning rate; must be &gt; 0. <c>null</c> (the default) lets the recipe choose:
    /// <see cref="Defaults.LearningRate"/> on dense features, <see cref="Defaults.SparseLearningRate"/> on sparse ones.
    /// </summary>
    public float? LearningRate { get; set; }

    /// <summary>How the learning rate changes from epoch to epoch.</summary>
    public LearningRateScheduleKind LearningRateSchedule { get; set; } = Defaults.LearningRateSchedule;

    /// <summary>Schedule hyper-parameters; <c>null</c> uses their defaults.</summary>
    public LearningRateScheduleSettings? LearningRateScheduleSettings { get; set; }

    /// <summary>
    /// Number of passes over the training data; must be &gt;= 1. <c>null</c> (the default) lets the recipe choose:
    /// <see cref="Defaults.NumberOfEpochs"/> on dense features, and on sparse features enough epochs for
    /// <see cref="Defaults.SparseStepBudget"/> optimizer steps (at least <see cref="Defaults.MinimumSparseEpochs"/>, at most
    /// <see cref="Defaults.NumberOfEpochs"/>). The learning-rate schedule spans the epochs chosen; the model's
    /// <see cref="TrainingHistory"/> records them.
    /// </summary>
    public int? NumberOfEpochs { get; set; }

    /// <summary>
    /// Examples per gradient step: 1 is stochastic gradient descent, a value &gt;= the number of rows is
    /// full-batch descent, anything between is mini-batch. Must be &gt;= 1.
    /// </summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Whether to visit the examples in a new random order each epoch.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>L1 penalty strength on weights; must be &gt;= 0.</summary>
    public float L1Regularization { get; set; }

    /// <summary>L2 penalty strength on weights; must be &gt;= 0.</summary>
    public float L2Regularization { get; set; } = Defaults.L2Regularization;

    /// <summary>Dropout rate on hidden-layer outputs during training, in [0, 1).</summary>
    public float DropoutRate { get; set; } = Defaults.DropoutRate;

    /// <summary>Clip the global gradient norm to this value; <c>null</c> disables clipping. Must be &gt; 0.</summary>
    public float? GradientClipNorm { get; set; }

    /// <summary>
    /// Hold out <see cref="ValidationFraction"/> of the training rows and score them every epoch: with
    /// <see cref="Patience"/> &gt; 0 training stops when their loss stops improving, and with
    /// <see cref="RestoreBestWeights"/> the epoch with the lowest validation loss is returned (the defaults:
    /// patience 0, so the whole schedule runs and the best epoch is kept). A validation set passed to
    /// <c>Fit(train, validation)</c> is used instead when given.
    /// </summary>
    public bool EarlyStopping { get; set; } = Defaults.EarlyStopping;

    /// <summary>Fraction of rows held out for early stopping when no validation set is given, in (0, 1).</summary>
    public float ValidationFraction { get; set; } = Defaults.ValidationFraction;

    /// <summary>
    /// Epochs without an improvement of at least <see cref="MinDelta"/> before training stops: on the
    /// validation loss when there is validation data, otherwise on the training loss (scikit-learn's
    /// <c>n_iter_no_change</c>/<c>tol</c> rule). 0 disables both rules. Must be &gt;= 0.
    /// </summary>
    public int Patience { get; set; } = Defaults.Patience;

    /// <summary>The smallest loss decrease that counts as an improvement; must be &gt;= 0.</summary>
    public float MinDelta { get; set; } = Defaults.MinDelta;

    /// <summary>With validation data, return the weights of the epoch with the lowest validation loss rather than the last.</summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>
    /// What happens when the loss or a weight becomes NaN or infinite (typically a learning rate that is
    /// too large): throw (the default), or roll back to the best weights so far and stop, recording
    /// <see cref="StopReason.Diverged"/> in the history. Either way no returned model holds a non-finite weight.
    /// </summary>
    public DivergenceHandling OnDivergence { get; set; } = Defaults.OnDivergence;

    /// <summary>
    /// The engine that computes forward passes and gradients; <c>null</c> uses the managed (pure C#)
    /// engine. The TorchSharp backend (assembly MlNetNeural.Trainers.TorchSharp) plugs in here.
    /// </summary>
    public IGradientBackend? Backend { get; set; }

    /// <summary>
    /// How the first layer is updated when the features are held sparse (see <see cref="TrainerOptionsBase.FeatureStorage"/>):
    /// <see cref="MlNetNeural.SparseUpdates.Lazy"/> (the default) updates only the weights of the columns in each batch;
    /// <see cref="MlNetNeural.SparseUpdates.Exact"/> gives the dense rule's model bit for bit at the dense rule's cost per step.
    /// </summary>
    public SparseUpdates SparseUpdates { get; set; } = SparseUpdates.Lazy;

    /// <summary>
    /// How dense features are scaled before the first layer: <see cref="MlNetNeural.InputScaling.Robust"/> fits a median/quartile
    /// scaling with smooth clipping on the training rows and saves it with the model (on sparse features a zero-preserving form of it).
    /// </summary>
    public InputScaling InputScaling { get; set; } = Defaults.InputScaling;

    /// <summary>
    /// Periodic features per numeric input column (RealMLP's and Gorishniy et al.'s periodic embeddings, with fixed
    /// frequencies): each column with more than two distinct training values also feeds the first layer
    /// cos(2π·fₖ·x + φₖ) for k = 1 … this many, with fₖ drawn from N(0, <see cref="PeriodicFeatureScale"/>²) and φₖ
    /// uniform, seeded by <see cref="TrainerOptionsBase.Seed"/>. They let the network fit sharp, non-monotone effects
    /// of one number (an hour of the day written as 0 … 23) that a single linear unit cannot. 0 disables them; a
    /// value &gt; 0 needs <see cref="InputScaling"/> = Robust and multiplies the first layer's inputs by up to (1 + this).
    /// </summary>
    public int PeriodicFeatures { get; set; } = Defaults.PeriodicFeatures;

    /// <summary>σ of the periodic features' frequencies, in cycles per robust-scaled unit; must be &gt; 0.</summary>
    public float PeriodicFeatureScale { get; set; } = Defaults.PeriodicFeatureScale;

    /// <summary>Called after every epoch with its record; return <c>false</c> to stop training.</summary>
    public Func<EpochRecord, bool>? EpochCallback { get; set; }

    /// <summary>
    /// A file to which the fit saves a checkpoint every <see cref="CheckpointEveryEpochs"/> epochs (and when
    /// <see cref="EpochCallback"/> stops it): the weights, the optimizer's state, the random generator's state, the
    /// epochs so far with their early-stopping and schedule state, and a fingerprint of the options and data. Each is
    /// written to a temporary file in the same folder and then renamed over the last, so a fit killed at any moment
    /// leaves the previous checkpoint whole. <c>null</c> (the default) saves none. The folder must exist.
    /// </summary>
    public string? CheckpointPath { get; set; }

    /// <summary>Epochs between checkpoints, &gt;= 1. Default: 1. Used only with <see cref="CheckpointPath"/>.</summary>
    public int CheckpointEveryEpochs { get; set; } = 1;

    /// <summary>
    /// Continue from the checkpoint at <see cref="CheckpointPath"/> if there is one (and start afresh, saying so in
    /// the log, if there is none), so the same fit can simply be run again after it was interrupted. The result is
    /// bit for bit the model an uninterrupted fit gives with the same options, data, seed and number of cores. A
    /// checkpoint written with different options or data, or damaged, is refused with a message naming what
    /// differs; nothing is overwritten then. With <see cref="TrainerOptionsBase.Seed"/> unset, the checkpoint's seed
    /// is used. Default: <c>false</c> (an existing checkpoint is overwritten by the new fit's).
    /// </summary>
    public bool ResumeFromCheckpoint { get; set; }

    /// <summary>
    /// Members of a deep ensemble, &gt;= 1 (at most 32). With k &gt; 1 the fit trains k networks, each from its own
    /// generator (its own initial weights, validation holdout, batch order and dropout masks; the first is the network
    /// this fit would give with 1), and the model is one network whose output is the mean of theirs (logits: a
    /// geometric mean of the members' probabilities): their hidden units side by side, each member's layers reading
    /// only its own units. It saves, scores and exports to ONNX as any network; fitting costs k fits, and the hidden
    /// layers after the first score k² times the multiply-adds (block-diagonal, stored dense). The history is the first
    /// member's. Ensembles cut the seed-to-seed variance a single small-data fit has. Not with checkpoints, a saved
    /// training state or an initial model. Default: 1.
    /// </summary>
    public int EnsembleSize { get; set; } = 1;

    /// <summary>
    /// Save with the model what continued training needs to go on exactly where this fit ended: the optimizer's state
    /// (Adam's moments, momentum), the random generator's state and the batch order
    /// (<see cref="MlpModelParametersBase{TOutput}.TrainingState"/>). <c>Fit(train, validation, model)</c> then continues
    /// them, and the learning-rate schedule counts on from the model's epochs, so with the same data, options and seed
    /// 100 epochs and then 100 more give bit for bit the model of 200 epochs — for schedules that do not depend on the
    /// total number of epochs (Constant, Step, Exponential, InverseScaling, ReduceOnPlateau) and without early stopping
    /// (which would restore the best epoch's weights, not the last's). A cosine or one-cycle schedule continues as the
    /// schedule over all the epochs from where it is. Without it, continued training starts the optimizer and the
    /// schedule afresh, as before. It makes the model file larger (Adam: three times the weights) and changes no score.
    /// Default: <c>false</c>.
    /// </summary>
    public bool SaveTrainingState { get; set; }

    /// <summary>
    /// On a small training set, choose the recipe by cross-validation. Default: <c>true</c>; <c>false</c> in the
    /// <see cref="MlpPreset.Classic"/> preset. With at most <see cref="Defaults.SmallDataRows"/> dense training rows, no
    /// validation set and no initial model, and the recipe's options (layers, learning rate and schedule, epochs, batch
    /// size, L1/L2, dropout, early stopping, input scaling, periodic features and their scale, activation) still at their
    /// <see cref="MlpPreset.Tabular"/> values, the fit compares the tabular recipe (in batches of
    /// <see cref="Defaults.SmallDataBatchSize"/>) with the same recipe on smoother
    /// periodic features (<see cref="Defaults.SmallDataPeriodicFeatureScale"/>, at each of
    /// <see cref="Defaults.SmallDataSmoothLearningRates"/>) and, for regression, with the Classic preset's network at L2
    /// 1e-4, 1e-2 and 1e-1, by the mean validation loss of <see cref="Defaults.SmallDataFolds"/>-fold cross-validation
    /// (stratified by class for classification), and trains the winner on every row: the model its options give when
    /// fitted directly. The log names the candidates' losses and the choice; the epoch callback sees only the final fit.
    /// It costs 5 fits per candidate (15 for classification, 30 for regression) before the final one. Measured by
    /// 5-fold CV: diabetes (442 rows) R² 0.295 with the recipe alone, 0.498 with the selection; breast_cancer over four
    /// splits AUC 0.994–0.996 against 0.988–0.994 and log-loss 0.10–0.13 against 0.15–0.22 (the recipe's periodic
    /// features overfit 455 rows); iris and moons_200 alike within noise.
    /// </summary>
    public bool SmallDataSelection { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        for (int i = 0; i < (HiddenLayers?.Length ?? 0); i++)
            OptionChecks.AtLeast(HiddenLayers![i], 1, nameof(HiddenLayers), $"[{i}]");
        OptionChecks.Defined(HiddenActivation, nameof(HiddenActivation));
        if (WeightInitializer is { } init)
            OptionChecks.Defined(init, nameof(WeightInitializer));
        OptionChecks.Defined(Optimizer, nameof(Optimizer));
        OptionChecks.Settings(() => (OptimizerSettings ?? new OptimizerSettings()).Validate(), nameof(OptimizerSettings));
        if (LearningRate is { } rate)
            OptionChecks.Positive(rate, nameof(LearningRate));
        OptionChecks.Defined(LearningRateSchedule, nameof(LearningRateSchedule));
        OptionChecks.Settings(() => (LearningRateScheduleSettings ?? new LearningRateScheduleSettings()).Validate(), nameof(LearningRateScheduleSettings));
        if (NumberOfEpochs is { } epochs)
            OptionChecks.AtLeast(epochs, 1, nameof(NumberOfEpochs));
        OptionChecks.AtLeast(BatchSize, 1, nameof(BatchSize));
        OptionChecks.NonNegative(L1Regularization, nameof(L1Regularization));
        OptionChecks.NonNegative(L2Regularization, nameof(L2Regularization));
        OptionChecks.InRange(DropoutRate, 0, 1, nameof(DropoutRate), maxExclusive: true);
        if (GradientClipNorm is { } clip)
            OptionChecks.Positive(clip, nameof(GradientClipNorm));
        OptionChecks.OpenFraction(ValidationFraction, nameof(ValidationFraction));
        OptionChecks.AtLeast(Patience, 0, nameof(Patience));
        OptionChecks.NonNegative(MinDelta, nameof(MinDelta));
        OptionChecks.Defined(OnDivergence, nameof(OnDivergence));
        OptionChecks.Defined(SparseUpdates, nameof(SparseUpdates));
        OptionChecks.Defined(InputScaling, nameof(InputScaling));
        OptionChecks.AtLeast(PeriodicFeatures, 0, nameof(PeriodicFeatures));
        OptionChecks.Positive(PeriodicFeatureScale, nameof(PeriodicFeatureScale));
        OptionChecks.InRange(EnsembleSize, 1, 32, nameof(EnsembleSize));
        if (EnsembleSize > 1 && (CheckpointPath is not null || SaveTrainingState))
            throw new InvalidOptionException(nameof(EnsembleSize), EnsembleSize,
                $"1 with option {(CheckpointPath is not null ? "CheckpointPath" : "SaveTrainingState")} (a checkpoint and a training state hold one network's optimizer)");
        if (CheckpointPath is not null && string.IsNullOrWhiteSpace(CheckpointPath))
            throw new InvalidOptionException(nameof(CheckpointPath), CheckpointPath, "the name of a file, or null for no checkpoints");
        OptionChecks.AtLeast(CheckpointEveryEpochs, 1, nameof(CheckpointEveryEpochs));
        if (ResumeFromCheckpoint && CheckpointPath is null)
            throw new InvalidOptionException(nameof(ResumeFromCheckpoint), ResumeFromCheckpoint, "false without option CheckpointPath (the file to resume from)");
        if (PeriodicFeatures > 0 && InputScaling != InputScaling.Robust)
            throw new InvalidOptionException(nameof(PeriodicFeatures), PeriodicFeatures,
                $"0 with option InputScaling = {InputScaling} (the frequencies are in robust-scaled units: set InputScaling = Robust)");
    }

    /// <summary>The initializer actually used: the explicit one, or the activation's natural choice.</summary>
    internal WeightInitializerKind EffectiveInitializer => WeightInitializer ??
        (HiddenActivation is Activation.Relu or Activation.LeakyRelu or Activation.Elu or Activation.Gelu or Activation.Silu or Activation.Mish
            ? Neural.Initialization.WeightInitializerKind.HeUniform
            : Neural.Initialization.WeightInitializerKind.GlorotUniform);
}
