using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Losses;

namespace MlNetNeural.Training.Backends;

/// <summary>
/// Computes a network's forward pass, loss and gradients. The training loop owns everything else —
/// the random generator, initial weights, batch order, dropout masks and the optimizer — and hands
/// the backend exactly the same inputs whichever backend it is, which is what makes two backends
/// comparable step by step.
/// </summary>
public interface IGradientBackend
{
    /// <summary>A short name for messages, e.g. "managed" or "TorchSharp".</summary>
    string Name { get; }

    /// <summary>Creates the per-run engine for one network shape.</summary>
    /// <param name="network">The network's shape and loss.</param>
    IGradientEngine CreateEngine(NetworkSpec network);
}

/// <summary>The shape of the network to train and its objective.</summary>
/// <param name="InputSize">Number of input features.</param>
/// <param name="LayerSizes">Units per layer, hidden layers first, output layer last.</param>
/// <param name="Activations">One activation per layer (the output layer's is Identity).</param>
/// <param name="MaxBatchSize">The largest batch the engine will be given.</param>
/// <param name="Loss">The data loss on the output layer.</param>
/// <param name="HuberDelta">Huber's threshold when <paramref name="Loss"/> is Huber.</param>
/// <param name="L1">L1 penalty strength on weights.</param>
/// <param name="L2">L2 penalty strength on weights (the objective adds <c>(L2/2)·ΣW²</c>).</param>
public sealed record NetworkSpec(
    int InputSize, IReadOnlyList<int> LayerSizes, IReadOnlyList<Activation> Activations,
    int MaxBatchSize, LossFunction Loss, double HuberDelta, double L1, double L2)
{
    /// <summary>
    /// Whether the first layer's weights (and gradients) are held input-major, <c>InputSize × LayerSizes[0]</c>, as
    /// the training loop holds them for sparse features (each input column's weights contiguous); out × in otherwise.
    /// </summary>
    public bool InputMajorFirstLayer { get; init; }
}

/// <summary>One training run's gradient engine.</summary>
public interface IGradientEngine : IDisposable
{
    /// <summary>
    /// Overwrites <paramref name="gradients"/> with the gradient of the batch objective (weighted mean
    /// loss plus penalties) and returns the objective.
    /// </summary>
    /// <param name="parameters">Current weights and biases.</param>
    /// <param name="inputs">Row-major batch features, <c>rows × InputSize</c>.</param>
    /// <param name="rows">Rows in the batch.</param>
    /// <param name="targets">Row-major targets, <c>rows × output size</c>.</param>
    /// <param name="exampleWeights">One weight per row.</param>
    /// <param name="gradients">Receives the gradients; same shape as <paramref name="parameters"/>.</param>
    /// <param name="dropout">Dropout masks for the hidden layers, or <c>null</c>.</param>
    double ComputeGradients(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets,
        ReadOnlySpan<float> exampleWeights, ParameterSet<float> gradients, DropoutMasks<float>? dropout);

    /// <summary>Weighted mean data loss (no penalty, no dropout) over any number of rows.</summary>
    /// <param name="parameters">Current weights and biases.</param>
    /// <param name="inputs">Row-major features.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="targets">Row-major targets.</param>
    /// <param name="exampleWeights">One weight per row.</param>
    double EvaluateLoss(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets, ReadOnlySpan<float> exampleWeights);

    /// <summary>Raw network outputs (logits or standardized values) for any number of rows.</summary>
    /// <param name="parameters">Current weights and biases.</param>
    /// <param name="inputs">Row-major features.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="outputs">Receives <c>rows × output size</c> values.</param>
    void Forward(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, Span<float> outputs);
}
