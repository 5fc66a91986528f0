using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Sparse;

namespace MlNetNeural.Training.Backends;

/// <summary>
/// An engine that takes sparse batches as they are (the managed one). The first layer's weights and gradients are
/// input-major (<see cref="NetworkSpec.InputMajorFirstLayer"/>). Engines without it get the batches densified.
/// </summary>
internal interface ISparseGradientEngine
{
    /// <summary>See <c>Backpropagation.ComputeGradients</c> on a sparse batch: exact, or lazy in the first layer.</summary>
    double ComputeGradients(ParameterSet<float> parameters, SparseBatch<float> batch, ReadOnlySpan<float> targets,
        ReadOnlySpan<float> exampleWeights, ParameterSet<float> gradients, DropoutMasks<float>? dropout, bool lazy);

    /// <summary>After a lazy <see cref="ComputeGradients"/>: the first-layer weight gradient of one active column (see <c>Backpropagation.FirstLayerRowGradient</c>); thread-safe.</summary>
    void FirstLayerRowGradient(SparseBatch<float> batch, int active, ReadOnlySpan<float> weights, Span<float> destination);

    /// <summary>Weighted mean data loss of one batch.</summary>
    double EvaluateLoss(ParameterSet<float> parameters, SparseBatch<float> batch, ReadOnlySpan<float> targets, ReadOnlySpan<float> exampleWeights);

    /// <summary>Network outputs of one batch.</summary>
    void Forward(ParameterSet<float> parameters, SparseBatch<float> batch, Span<float> outputs);

    /// <summary>Measures the first layer's penalty, which lazy steps then report (once per epoch).</summary>
    void MeasureFirstLayerPenalty(ParameterSet<float> parameters);
}
