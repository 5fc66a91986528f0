using System;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Sparse;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Neural.Backprop;

/// <summary>The managed engine on sparse batches: the first layer's weights input-major (in × out).</summary>
internal sealed partial class Backpropagation<T>
{
    /// <summary>The first layer's penalty as last measured by <see cref="MeasureFirstLayerPenalty"/> (lazy updates report it).</summary>
    internal double FirstLayerPenalty { get; private set; }

    /// <summary>Measures the first layer's penalty, O(its weights); the training loop calls it once per epoch.</summary>
    internal void MeasureFirstLayerPenalty(ParameterSet<T> parameters) =>
        FirstLayerPenalty = typeof(T) == typeof(float)
            ? Regularizer.FastValueOf(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(parameters.Weights[0].AsSpan()))
            : Regularizer.ValueOf<T>(parameters.Weights[0]);

    /// <summary>
    /// Forward and backward over a sparse batch. <paramref name="lazy"/> false gives the dense engine's gradient and
    /// objective exactly (every array cleared, the penalty over every weight). <paramref name="lazy"/> true leaves the
    /// first layer's weight gradient to <see cref="FirstLayerRowGradient"/>, one active column at a time (nothing is
    /// written to <paramref name="gradients"/>' first weight matrix), so a step costs the batch's non-zeros there; the
    /// objective then reports the first layer's penalty as of <see cref="MeasureFirstLayerPenalty"/>.
    /// </summary>
    internal double ComputeSparseGradients(ParameterSet<T> parameters, SparseBatch<T> batch, ReadOnlySpan<T> targets,
        ReadOnlySpan<T> exampleWeights, ParameterSet<T> gradients, DropoutMasks<T>? dropout, bool lazy)
    {
        _contract.Parameters(parameters, nameof(parameters));
        _contract.Parameters(gradients, nameof(gradients));
        CheckSparseBatch(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch.Rows);
        _contract.Dropout(dropout, batch.Rows);
        if (!lazy)
        {
            gradients.Clear();
            LastDataLoss = Backward(parameters, default, batch, batch.Rows, targets, exampleWeights, gradients, dropout);
            LastPenalty = Regularizer.AddGradient(parameters, gradients);
            return LastDataLoss + LastPenalty;
        }

        for (int l = 0; l < _layerSizes.Length; l++)
        {
            if (l > 0)
            {
                Array.Clear(gradients.Weights[l]);
            }

            Array.Clear(gradients.Biases[l]);
        }

        _lazyBatch = batch;
        LastDataLoss = Backward(parameters, default, batch, batch.Rows, targets, exampleWeights, gradients, dropout, firstLayerWeights: false);
        double penalty = FirstLayerPenalty;
        for (int l = 1; l < _layerSizes.Length; l++)
        {
            penalty += Regularizer.ValueOf<T>(parameters.Weights[l]);
            Regularizer.AddGradientOf<T>(parameters.Weights[l], gradients.Weights[l]);
        }

        LastPenalty = penalty;
        return LastDataLoss + penalty;
    }

    private SparseBatch<T>? _lazyBatch;

    /// <summary>
    /// After a lazy <see cref="ComputeSparseGradients"/> on <paramref name="batch"/>: the objective's gradient for the
    /// first-layer weights of the batch's active column number <paramref name="active"/> (Σᵣ X[r, c]·δ[r], summed as
    /// the dense gradient is, plus the penalty's gradient at <paramref name="weights"/>), written to
    /// <paramref name="destination"/>. It only reads the engine, so several threads may call it at once.
    /// </summary>
    /// <param name="batch">The batch of the last lazy gradient computation.</param>
    /// <param name="active">An index into <see cref="SparseBatch{T}.ActiveColumns"/>.</param>
    /// <param name="weights">That column's first-layer weights (one row of the input-major matrix).</param>
    /// <param name="destination">Overwritten with the gradient, as long as the first layer.</param>
    internal void FirstLayerRowGradient(SparseBatch<T> batch, int active, ReadOnlySpan<T> weights, Span<T> destination)
    {
        if (!ReferenceEquals(batch, _lazyBatch))
        {
            throw new InvalidOperationException("FirstLayerRowGradient reads the deltas of the last lazy ComputeSparseGradients, which was for another batch.");
        }

        int width = _layerSizes[0];
        SparseKernels.ColumnGradient(batch, active, _deltas[0].AsSpan(0, batch.Rows * width), destination);
        Regularizer.AddGradientOf(weights, destination);
    }

    /// <summary>The weighted mean loss of one sparse batch (no dropout, no penalty).</summary>
    internal double EvaluateSparseLoss(ParameterSet<T> parameters, SparseBatch<T> batch, ReadOnlySpan<T> targets, ReadOnlySpan<T> exampleWeights)
    {
        _contract.Parameters(parameters, nameof(parameters));
        CheckSparseBatch(batch);
        ReadOnlySpan<T> output = RunForward(parameters, default, batch.Rows, null, batch);
        return Loss.Compute(output, targets, exampleWeights, batch.Rows, OutputSize, default);
    }

    /// <summary>The network outputs for one sparse batch, without dropout.</summary>
    internal void ForwardSparse(ParameterSet<T> parameters, SparseBatch<T> batch, Span<T> outputs)
    {
        _contract.Parameters(parameters, nameof(parameters));
        CheckSparseBatch(batch);
        _contract.Outputs(outputs, batch.Rows);
        RunForward(parameters, default, batch.Rows, null, batch).CopyTo(outputs);
    }

    private void CheckSparseBatch(SparseBatch<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.InputSize != InputSize)
        {
            throw new ArgumentException($"The sparse batch has {batch.InputSize} input columns but this engine reads {InputSize}.", nameof(batch));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch.Rows, MaxBatchSize);
    }
}
