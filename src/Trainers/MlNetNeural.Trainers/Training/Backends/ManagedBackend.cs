using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Regularization;
using MlNetNeural.Neural.Sparse;

namespace MlNetNeural.Training.Backends;

/// <summary>The default backend: the pure C# backpropagation engine.</summary>
public sealed class ManagedBackend : IGradientBackend
{
    /// <summary>The shared instance; the backend holds no state.</summary>
    public static ManagedBackend Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "managed";

    /// <inheritdoc />
    public IGradientEngine CreateEngine(NetworkSpec network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var loss = LossFactory.Create<float>(network.Loss, network.HuberDelta);
        return new Engine(new Backpropagation<float>(network.InputSize, network.LayerSizes, network.Activations,
            network.MaxBatchSize, loss, new Regularizer(network.L1, network.L2)));
    }

    private sealed class Engine(Backpropagation<float> backprop) : IGradientEngine, ISparseGradientEngine
    {
        public double ComputeGradients(ParameterSet<float> parameters, SparseBatch<float> batch, ReadOnlySpan<float> targets,
            ReadOnlySpan<float> exampleWeights, ParameterSet<float> gradients, DropoutMasks<float>? dropout, bool lazy)
            => backprop.ComputeSparseGradients(parameters, batch, targets, exampleWeights, gradients, dropout, lazy);

        public void FirstLayerRowGradient(SparseBatch<float> batch, int active, ReadOnlySpan<float> weights, Span<float> destination)
            => backprop.FirstLayerRowGradient(batch, active, weights, destination);

        public double EvaluateLoss(ParameterSet<float> parameters, SparseBatch<float> batch, ReadOnlySpan<float> targets, ReadOnlySpan<float> exampleWeights)
            => backprop.EvaluateSparseLoss(parameters, batch, targets, exampleWeights);

        public void Forward(ParameterSet<float> parameters, SparseBatch<float> batch, Span<float> outputs)
            => backprop.ForwardSparse(parameters, batch, outputs);

        public void MeasureFirstLayerPenalty(ParameterSet<float> parameters) => backprop.MeasureFirstLayerPenalty(parameters);

        public double ComputeGradients(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets,
            ReadOnlySpan<float> exampleWeights, ParameterSet<float> gradients, DropoutMasks<float>? dropout)
            => backprop.ComputeGradients(parameters, inputs, rows, targets, exampleWeights, gradients, dropout);

        public double EvaluateLoss(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets, ReadOnlySpan<float> exampleWeights)
            => backprop.EvaluateLoss(parameters, inputs, rows, targets, exampleWeights);

        public void Forward(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, Span<float> outputs)
            => backprop.Forward(parameters, inputs, rows, outputs);

        public void Dispose()
        {
        }
    }
}
