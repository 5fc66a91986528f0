using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Initialization;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Training;

/// <summary>
/// What one fit's training loop runs with: the trainer's options that shape the epochs, with the recipe's values for
/// those left unset. The loop reads this record, never the options class, so it depends on what it computes with and
/// not on how ML.NET users spell it. Taken once per fit (<see cref="From"/>); the options may change afterwards. Every
/// setting is required, so a setting <see cref="From"/> forgot does not compile, and the defaults stay the options'.
/// </summary>
internal sealed record TrainingSettings
{
    /// <summary>The hidden layer sizes (<see cref="MlpOptionsBase.HiddenLayers"/> or the recipe's).</summary>
    public required int[] HiddenLayers { get; init; }

    /// <summary>The base learning rate (<see cref="MlpOptionsBase.LearningRate"/> or the recipe's).</summary>
    public required float LearningRate { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.HiddenActivation"/>.</summary>
    public required Activation HiddenActivation { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.WeightInitializer"/>; the activation's own when that is unset.</summary>
    public required WeightInitializerKind Initializer { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.BatchSize"/>.</summary>
    public required int BatchSize { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.NumberOfEpochs"/>; <c>null</c> lets <see cref="EpochCount"/> choose.</summary>
    public required int? NumberOfEpochs { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.Shuffle"/>.</summary>
    public required bool Shuffle { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.Optimizer"/>.</summary>
    public required OptimizerKind Optimizer { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.OptimizerSettings"/>.</summary>
    public required OptimizerSettings? OptimizerSettings { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.LearningRateSchedule"/>.</summary>
    public required LearningRateScheduleKind LearningRateSchedule { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.LearningRateScheduleSettings"/>.</summary>
    public required LearningRateScheduleSettings? LearningRateScheduleSettings { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.L1Regularization"/>.</summary>
    public required float L1Regularization { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.L2Regularization"/>.</summary>
    public required float L2Regularization { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.DropoutRate"/>.</summary>
    public required float DropoutRate { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.GradientClipNorm"/>.</summary>
    public required float? GradientClipNorm { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.SparseUpdates"/>.</summary>
    public required SparseUpdates SparseUpdates { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.Patience"/>.</summary>
    public required int Patience { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.MinDelta"/>.</summary>
    public required float MinDelta { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.RestoreBestWeights"/>.</summary>
    public required bool RestoreBestWeights { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.OnDivergence"/>.</summary>
    public required DivergenceHandling OnDivergence { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.Backend"/>; <c>null</c> for the managed engine.</summary>
    public required IGradientBackend? Backend { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.EpochCallback"/>.</summary>
    public required Func<EpochRecord, bool>? EpochCallback { get; init; }

    /// <summary>See <see cref="MlpOptionsBase.SaveTrainingState"/>.</summary>
    public required bool SaveTrainingState { get; init; }

    /// <summary>The settings of a fit with <paramref name="options"/>, the unset ones as <paramref name="choices"/> resolved them.</summary>
    public static TrainingSettings From(MlpOptionsBase options, RecipeChoices choices) => new()
    {
        HiddenLayers = choices.HiddenLayers,
        LearningRate = choices.LearningRate,
        HiddenActivation = options.HiddenActivation,
        Initializer = options.EffectiveInitializer,
        BatchSize = options.BatchSize,
        NumberOfEpochs = options.NumberOfEpochs,
        Shuffle = options.Shuffle,
        Optimizer = options.Optimizer,
        OptimizerSettings = options.OptimizerSettings,
        LearningRateSchedule = options.LearningRateSchedule,
        LearningRateScheduleSettings = options.LearningRateScheduleSettings,
        L1Regularization = options.L1Regularization,
        L2Regularization = options.L2Regularization,
        DropoutRate = options.DropoutRate,
        GradientClipNorm = options.GradientClipNorm,
        SparseUpdates = options.SparseUpdates,
        Patience = options.Patience,
        MinDelta = options.MinDelta,
        RestoreBestWeights = options.RestoreBestWeights,
        OnDivergence = options.OnDivergence,
        Backend = options.Backend,
        EpochCallback = options.EpochCallback,
        SaveTrainingState = options.SaveTrainingState,
    };
}
