using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Numerics;
using System.Numerics.Tensors;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Regularization;
using MlNetNeural.Neural.Sparse;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Neural.Backprop;

/// <summary>
/// The managed training engine for one network shape: forward pass, objective and backward
/// pass over a batch, with every buffer allocated once in the constructor.
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
/// <remarks>
/// Per batch: for each layer l, Zₗ = Aₗ·Wₗᵀ + bₗ, Hₗ = f(Zₗ), and the next input is
/// Aₗ₊₁ = Hₗ ⊙ Mₗ with the dropout mask Mₗ (or Hₗ without dropout). The objective is the
/// loss's weighted mean over the outputs H_last plus the <see cref="Regularizer"/> penalty.
/// Backward: δ_last = ∂loss/∂H_last ⊙ f'; dWₗ = δₗᵀ·Aₗ; dbₗ = Σ δₗ;
/// δₗ₋₁ = (δₗ·Wₗ) ⊙ Mₗ₋₁ ⊙ f'(Hₗ₋₁). Derivatives are taken from the stored outputs Hₗ
/// (see <see cref="ActivationFunctions"/>), so Z is never kept. One instance is not
/// thread-safe: it owns the buffers.
/// </remarks>
internal sealed partial class Backpropagation<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _layerSizes;
    private readonly EngineContract<T> _contract;
    private readonly Activation[] _activations;
    private readonly T[][] _outputs;  // Hₗ, rows × width per layer
    private readonly T[][] _dropped;  // Hₗ ⊙ Mₗ for hidden layers, the next layer's input under dropout
    private readonly T[][] _preActivations; // Zₗ, kept only for activations whose derivative needs it (GELU, SiLU, Mish)
    private readonly T[][] _deltas;   // δₗ = ∂objective/∂Zₗ

    /// <summary>Creates the engine and allocates its buffers.</summary>
    /// <param name="inputSize">Number of input features; at least 1.</param>
    /// <param name="layerSizes">Output width of each layer, the last being the number of outputs.</param>
    /// <param name="activations">One activation per layer; the last is normally <see cref="Activation.Identity"/>.</param>
    /// <param name="maxBatchSize">Largest number of rows per call.</param>
    /// <param name="loss">The loss applied to the last layer's outputs.</param>
    /// <param name="regularizer">The weight penalty, or null for none.</param>
    /// <exception cref="ArgumentException">A size is not positive, the counts differ, or an activation is unknown.</exception>
    public Backpropagation(
        int inputSize,
        IReadOnlyList<int> layerSizes,
        IReadOnlyList<Activation> activations,
        int maxBatchSize,
        ILoss<T> loss,
        Regularizer? regularizer = null)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        if (layerSizes.Count == 0 || activations.Count != layerSizes.Count)
        {
            throw new ArgumentException(
                $"Need at least one layer and one activation per layer; got {layerSizes.Count} layers and {activations.Count} activations.",
                nameof(activations));
        }

        int layers = layerSizes.Count;
        _contract = new EngineContract<T>(inputSize, layerSizes);
        _layerSizes = new int[layers];
        _activations = new Activation[layers];
        _outputs = new T[layers][];
        _deltas = new T[layers][];
        _dropped = new T[layers - 1][];
        _preActivations = new T[layers][];
        for (int l = 0; l < layers; l++)
        {
            if (layerSizes[l] < 1)
            {
                throw new ArgumentException($"Layer {l} must have at least 1 output but has {layerSizes[l]}.", nameof(layerSizes));
            }

            if (!ActivationFunctions.IsDefined(activations[l]))
            {
                throw new ArgumentException($"Layer {l} has unknown activation {(int)activations[l]}.", nameof(activations));
            }

            _layerSizes[l] = layerSizes[l];
            _activations[l] = activations[l];
            _outputs[l] = new T[maxBatchSize * layerSizes[l]];
            _preActivations[l] = ActivationFunctions.NeedsPreActivation(activations[l]) ? new T[maxBatchSize * layerSizes[l]] : [];
            _deltas[l] = new T[maxBatchSize * layerSizes[l]];
            if (l < layers - 1)
            {
                _dropped[l] = new T[maxBatchSize * layerSizes[l]];
            }
        }

        InputSize = inputSize;
        MaxBatchSize = maxBatchSize;
        Loss = loss;
        Regularizer = regularizer ?? Regularizer.None;
        LayerSizes = Array.AsReadOnly(_layerSizes);
        Activations = Array.AsReadOnly(_activations);
    }

    /// <summary>Number of input features.</summary>
    public int InputSize { get; }

    /// <summary>Number of outputs per example.</summary>
    public int OutputSize => _layerSizes[^1];

    /// <summary>Output width of each layer.</summary>
    public ReadOnlyCollection<int> LayerSizes { get; }

    /// <summary>Activation of each layer.</summary>
    public ReadOnlyCollection<Activation> Activations { get; }

    /// <summary>Largest number of rows per call to <see cref="ComputeGradients"/>.</summary>
    public int MaxBatchSize { get; }

    /// <summary>The loss on the outputs.</summary>
    public ILoss<T> Loss { get; }

    /// <summary>The weight penalty (<see cref="Regularizer.None"/> if none was given).</summary>
    public Regularizer Regularizer { get; }

    /// <summary>The weighted mean loss of the last <see cref="ComputeGradients"/> call, without the penalty.</summary>
    public double LastDataLoss { get; private set; }

    /// <summary>The penalty of the last <see cref="ComputeGradients"/> call.</summary>
    public double LastPenalty { get; private set; }

    /// <summary>Creates a zero-filled parameter set of this engine's shape, for parameters or gradients.</summary>
    /// <returns>A new set.</returns>
    public ParameterSet<T> CreateParameterSet() => new(InputSize, _layerSizes);

    /// <summary>
    /// Runs forward and backward over one batch and overwrites <paramref name="gradients"/> with
    /// the gradient of the objective (weighted mean loss + penalty). Allocates nothing.
    /// </summary>
    /// <param name="parameters">Current weights and biases.</param>
    /// <param name="inputs">rows × <see cref="InputSize"/> features, row-major.</param>
    /// <param name="rows">Rows in the batch, 1 to <see cref="MaxBatchSize"/>.</param>
    /// <param name="targets">rows × <see cref="OutputSize"/> targets in the loss's convention.</param>
    /// <param name="exampleWeights">One weight per row, or empty for all ones.</param>
    /// <param name="gradients">Receives the gradients; same shape as <paramref name="parameters"/>.</param>
    /// <param name="dropout">Masks for the hidden layers filled for exactly <paramref name="rows"/> rows, or null for no dropout.</param>
    /// <returns>The objective: <see cref="LastDataLoss"/> + <see cref="LastPenalty"/>.</returns>
    /// <exception cref="ArgumentException">A shape or length does not match.</exception>
    public double ComputeGradients(
        ParameterSet<T> parameters,
        ReadOnlySpan<T> inputs,
        int rows,
        ReadOnlySpan<T> targets,
        ReadOnlySpan<T> exampleWeights,
        ParameterSet<T> gradients,
        DropoutMasks<T>? dropout = null)
    {
        _contract.Parameters(parameters, nameof(parameters));
        _contract.Parameters(gradients, nameof(gradients));
        CheckBatch(inputs, rows);
        _contract.Dropout(dropout, rows);

        gradients.Clear();
        LastDataLoss = Backward(parameters, inputs, null, rows, targets, exampleWeights, gradients, dropout);
        LastPenalty = Regularizer.AddGradient(parameters, gradients);
        return LastDataLoss + LastPenalty;
    }

    // Forward, data loss and backward into gradients (which the caller has cleared where they will be
    // accumulated: every array but a sparse first layer's, whose active rows are overwritten). Returns the loss.
    // firstLayerWeights false leaves the first layer's weight gradient to the caller (lazy sparse steps compute it row by row).
    private double Backward(ParameterSet<T> parameters, ReadOnlySpan<T> inputs, SparseBatch<T>? sparse, int rows, ReadOnlySpan<T> targets,
        ReadOnlySpan<T> exampleWeights, ParameterSet<T> gradients, DropoutMasks<T>? dropout, bool firstLayerWeights = true)
    {
        int last = _layerSizes.Length - 1;
        RunForward(parameters, inputs, rows, dropout, sparse);
        Span<T> delta = _deltas[last].AsSpan(0, rows * OutputSize);
        ReadOnlySpan<T> output = _outputs[last].AsSpan(0, rows * OutputSize);
        double loss = Loss.Compute(output, targets, exampleWeights, rows, OutputSize, delta);
        ActivationFunctions.MultiplyByDerivative<T>(_activations[last], PreActivation(last, rows), output, delta);

        for (int l = last; l >= 0; l--)
        {
            int size = _layerSizes[l];
            int fanIn = parameters.LayerInputSize(l);
            ReadOnlySpan<T> d = _deltas[l].AsSpan(0, rows * size);
            if (l == 0 && sparse is not null)
            {
                if (firstLayerWeights)
                {
                    SparseKernels.WeightGradient(sparse, d, size, gradients.Weights[0]);
                }
            }
            else
            {
                DenseBackwardKernels.AccumulateWeightGradient(d, LayerInput(l, inputs, rows, dropout), rows, fanIn, size, gradients.Weights[l]);
            }

            DenseBackwardKernels.AccumulateBiasGradient(d, rows, size, gradients.Biases[l]);
            if (l == 0)
            {
                break;
            }

            Span<T> below = _deltas[l - 1].AsSpan(0, rows * fanIn);
            DenseBackwardKernels.BackpropagateDelta(d, rows, size, parameters.Weights[l], fanIn, below);
            if (dropout is not null && dropout.GetRate(l - 1) > 0)
            {
                // A dropped unit fed nothing forward, so it receives no gradient; kept units are scaled as they were.
                TensorPrimitives.Multiply<T>(below, dropout.GetMask(l - 1), below);
            }

            ActivationFunctions.MultiplyByDerivative<T>(_activations[l - 1], PreActivation(l - 1, rows), _outputs[l - 1].AsSpan(0, rows * fanIn), below);
        }

        return loss;
    }

    /// <summary>
    /// The weighted mean loss over any number of rows (processed in chunks of
    /// <see cref="MaxBatchSize"/>), without dropout and without the penalty: the quantity to
    /// watch on a validation set. Allocates nothing.
    /// </summary>
    /// <param name="parameters">Weights and biases.</param>
    /// <param name="inputs">rows × <see cref="InputSize"/> features.</param>
    /// <param name="rows">Number of rows; 0 gives 0.</param>
    /// <param name="targets">rows × <see cref="OutputSize"/> targets.</param>
    /// <param name="exampleWeights">One weight per row, or empty for all ones.</param>
    /// <returns>Σ wᵢLᵢ / Σ wᵢ over all rows, or 0 when Σ wᵢ = 0.</returns>
    /// <exception cref="ArgumentException">A shape or length does not match.</exception>
    public double EvaluateLoss(
        ParameterSet<T> parameters,
        ReadOnlySpan<T> inputs,
        int rows,
        ReadOnlySpan<T> targets,
        ReadOnlySpan<T> exampleWeights)
    {
        _contract.Parameters(parameters, nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        _contract.Batch(inputs, targets, exampleWeights, rows);

        double weightedSum = 0, totalWeight = 0;
        for (int start = 0; start < rows; start += MaxBatchSize)
        {
            int n = Math.Min(MaxBatchSize, rows - start);
            ReadOnlySpan<T> w = exampleWeights.IsEmpty ? default : exampleWeights.Slice(start, n);
            double chunkWeight = w.IsEmpty ? n : SumAsDouble(w);
            ReadOnlySpan<T> output = RunForward(parameters, inputs.Slice(start * InputSize, n * InputSize), n, null);
            double mean = Loss.Compute(output, targets.Slice(start * OutputSize, n * OutputSize), w, n, OutputSize, default);
            weightedSum += mean * chunkWeight;
            totalWeight += chunkWeight;
        }

        return totalWeight == 0 ? 0 : weightedSum / totalWeight;
    }

    /// <summary>Computes the network outputs (logits or scores) for any number of rows, without dropout.</summary>
    /// <param name="parameters">Weights and biases.</param>
    /// <param name="inputs">rows × <see cref="InputSize"/> features.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="outputs">Receives rows × <see cref="OutputSize"/> values.</param>
    /// <exception cref="ArgumentException">A shape or length does not match.</exception>
    public void Forward(ParameterSet<T> parameters, ReadOnlySpan<T> inputs, int rows, Span<T> outputs)
    {
        _contract.Parameters(parameters, nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        _contract.Inputs(inputs, rows);
        _contract.Outputs(outputs, rows);
        for (int start = 0; start < rows; start += MaxBatchSize)
        {
            int n = Math.Min(MaxBatchSize, rows - start);
            RunForward(parameters, inputs.Slice(start * InputSize, n * InputSize), n, null)
                .CopyTo(outputs.Slice(start * OutputSize, n * OutputSize));
        }
    }

    // With a sparse batch, layer 0 reads it (its weights input-major) instead of the dense inputs.
    private ReadOnlySpan<T> RunForward(ParameterSet<T> parameters, ReadOnlySpan<T> inputs, int rows, DropoutMasks<T>? dropout, SparseBatch<T>? sparse = null)
    {
        for (int l = 0; l < _layerSizes.Length; l++)
        {
            int size = _layerSizes[l];
            Span<T> h = _outputs[l].AsSpan(0, rows * size);
            if (l == 0 && sparse is not null)
            {
                SparseKernels.Forward(sparse, parameters.Weights[0], parameters.Biases[0], size, _outputs[l]);
            }
            else
            {
                ReadOnlySpan<T> a = LayerInput(l, inputs, rows, dropout);
                DenseKernels.Forward(a, rows, parameters.LayerInputSize(l), parameters.Weights[l], parameters.Biases[l], size, h);
            }

            if (_preActivations[l].Length > 0)
            {
                h.CopyTo(_preActivations[l]);
            }

            ActivationFunctions.Apply(_activations[l], h);
            if (l < _layerSizes.Length - 1 && dropout is not null && dropout.GetRate(l) > 0)
            {
                TensorPrimitives.Multiply<T>(h, dropout.GetMask(l), _dropped[l].AsSpan(0, h.Length));
            }
        }

        return _outputs[^1].AsSpan(0, rows * OutputSize);
    }

    // Layer l's kept pre-activations for the batch's rows, or empty where the derivative reads only the outputs.
    private ReadOnlySpan<T> PreActivation(int l, int rows) =>
        _preActivations[l].Length > 0 ? _preActivations[l].AsSpan(0, rows * _layerSizes[l]) : default;

    // The input layer l read in the forward pass: the batch, or the previous layer's (dropped) output.
    private ReadOnlySpan<T> LayerInput(int l, ReadOnlySpan<T> inputs, int rows, DropoutMasks<T>? dropout)
    {
        if (l == 0)
        {
            return inputs;
        }

        int n = rows * _layerSizes[l - 1];
        return dropout is not null && dropout.GetRate(l - 1) > 0
            ? _dropped[l - 1].AsSpan(0, n)
            : _outputs[l - 1].AsSpan(0, n);
    }



    private void CheckBatch(ReadOnlySpan<T> inputs, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxBatchSize);
        _contract.Inputs(inputs, rows);
    }


    private static double SumAsDouble(ReadOnlySpan<T> values)
    {
        double s = 0;
        foreach (T v in values)
        {
            s += double.CreateTruncating(v);
        }

        return s;
    }

}
