using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Training;

/// <summary>
/// One fit's working state, built by <see cref="MlpTrainingLoop"/> before the first epoch: the network's parameters
/// and gradients, the engine and batch runner that compute them, the optimizer, the schedule, the dropout masks, the
/// batch order, the buffers a batch fills, and what the epochs so far recorded.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    /// <summary>Units per layer, the output layer last.</summary>
    public required int[] LayerSizes { get; init; }

    /// <summary>Per layer, the activation.</summary>
    public required Activation[] Activations { get; init; }

    /// <summary>Rows per batch.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Whether the features are sparse, so the first layer is held input-major.</summary>
    public required bool Sparse { get; init; }

    /// <summary>The column numbering the sparse rows are trained in, or <c>null</c>.</summary>
    public required HotFirstColumns? HotFirst { get; init; }

    /// <summary>The weights and biases being trained.</summary>
    public required ParameterSet<float> Parameters { get; init; }

    /// <summary>Their gradients (without the first layer's weights when the runner updates those itself).</summary>
    public required ParameterSet<float> Gradients { get; init; }

    /// <summary>The engine that computes the gradients.</summary>
    public required IGradientEngine Engine { get; init; }

    /// <summary>Gathers batches, computes gradients and steps, dense or sparse.</summary>
    public required BatchRunner Runner { get; init; }

    /// <summary>The optimizer.</summary>
    public required Optimizer<float> Optimizer { get; init; }

    /// <summary>Each parameter array with its gradient, as the optimizer steps them.</summary>
    public required OptimizerParameter<float>[] OptimizerParameters { get; init; }

    /// <summary>Epochs this fit trains (a resumed fit starts part-way).</summary>
    public required int NumberOfEpochs { get; init; }

    /// <summary>The row order batches are cut from; each epoch shuffles the order the last one left.</summary>
    public required int[] Order { get; init; }

    /// <summary>Epochs of the continued model that the schedule has already run.</summary>
    public required int ScheduleOffset { get; init; }

    /// <summary>The learning-rate schedule.</summary>
    public required LearningRateScheduler Schedule { get; init; }

    /// <summary>Dropout masks, or <c>null</c> without dropout.</summary>
    public required DropoutMasks<float>? Dropout { get; init; }

    /// <summary>The number the first epoch of this fit gets (a continued model's epochs keep counting).</summary>
    public required int FirstEpoch { get; init; }

    /// <summary>The history so far, the continued model's epochs first.</summary>
    public required List<EpochRecord> Epochs { get; init; }

    /// <summary>The early-stopping rule and the best and fallback weights.</summary>
    public required BestEpochTracker Best { get; init; }

    /// <summary>The after-epoch divergence checks.</summary>
    public required DivergenceMonitor Divergence { get; init; }

    /// <summary>A batch's targets.</summary>
    public required float[] BatchTargets { get; init; }

    /// <summary>A batch's example weights.</summary>
    public required float[] BatchWeights { get; init; }

    /// <summary>The network's outputs on the validation rows, or <c>null</c> without them.</summary>
    public required float[]? ValidationOutputs { get; init; }

    /// <inheritdoc/>
    public void Dispose() => Engine.Dispose();
}
