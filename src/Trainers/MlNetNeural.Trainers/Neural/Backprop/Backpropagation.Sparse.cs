using System;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Sparse;

namespace MlNetNeural.Neural.Backprop;

/// <summary>The managed engine on sparse batches: the first layer's weights input-major (in × out).</summary>
public sealed partial class Backpropagation<T>
{
    private int[] _previousActive = [];
    private int _previousActiveCount;

    /// <summary>The first layer's penalty as last measured by <see cref="MeasureFirstLayerPenalty"/> (lazy updates report it).</summary>
    internal double FirstLayerPenalty { get; private set; }

    /// <summary>Measures the first layer's penalty, O(its weights); the training loop calls it once per epoch.</summary>
    internal void MeasureFirstLayerPenalty(ParameterSet<T> parameters) =>
        FirstLayerPenalty = typeof(T) == typeof(float)
            ? Regularizer.FastValueOf(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(parameters.Weights[0].AsSpan()))
            : Regularizer.ValueOf<T>(parameters.Weights[0]);

    /// <summary>
    /// Forward and backward over a sparse batch. <paramref name="lazy"/> false gives the dense engine's gradient and
    /// objective exactly (every array cleared, the penalty over every weight). <paramref name="lazy"/> true costs only
    /// the batch's non-zeros in the first layer: its gradient is written for the batch's active columns (the rest
    /// stay zero), the penalty's gradient is added there only, and the objective reports the first layer's penalty
    /// as of <see cref="MeasureFirstLayerPenalty"/>.
    /// </summary>
    internal double ComputeSparseGradients(ParameterSet<T> parameters, SparseBatch<T> batch, ReadOnlySpan<T> targets,
        ReadOnlySpan<T> exampleWeights, ParameterSet<T> gradients, DropoutMasks<T>? dropout, bool lazy)
    {
        CheckParameters(parameters, nameof(parameters));
        CheckParameters(gradients, nameof(gradients));
        CheckSparseBatch(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch.Rows);
        CheckDropout(dropout, batch.Rows);
        if (!lazy)
        {
            gradients.Clear();
            LastDataLoss = Backward(parameters, default, batch, batch.Rows, targets, exampleWeights, gradients, dropout);
            LastPenalty = Regularizer.AddGradient(parameters, gradients);
            return LastDataLoss + LastPenalty;
        }

        int width = _layerSizes[0];
        foreach (int column in _previousActive.AsSpan(0, _previousActiveCount))
        {
            gradients.Weights[0].AsSpan(column * width, width).Clear();
        }

        for (int l = 0; l < _layerSizes.Length; l++)
        {
            if (l > 0)
            {
                Array.Clear(gradients.Weights[l]);
            }

            Array.Clear(gradients.Biases[l]);
        }

        LastDataLoss = Backward(parameters, default, batch, batch.Rows, targets, exampleWeights, gradients, dropout);
        double penalty = FirstLayerPenalty;
        for (int l = 1; l < _layerSizes.Length; l++)
        {
            penalty += Regularizer.ValueOf<T>(parameters.Weights[l]);
            Regularizer.AddGradientOf<T>(parameters.Weights[l], gradients.Weights[l]);
        }

        foreach (int column in batch.ActiveColumns)
        {
            Regularizer.AddGradientOf<T>(parameters.Weights[0].AsSpan(column * width, width), gradients.Weights[0].AsSpan(column * width, width));
        }

        if (_previousActive.Length < batch.ActiveCount)
        {
            _previousActive = new int[Math.Max(batch.ActiveCount, 2 * _previousActive.Length)];
        }

        batch.ActiveColumns.CopyTo(_previousActive);
        _previousActiveCount = batch.ActiveCount;
        LastPenalty = penalty;
        return LastDataLoss + penalty;
    }

    /// <summary>The weighted mean loss of one sparse batch (no dropout, no penalty).</summary>
    internal double EvaluateSparseLoss(ParameterSet<T> parameters, SparseBatch<T> batch, ReadOnlySpan<T> targets, ReadOnlySpan<T> exampleWeights)
    {
        CheckParameters(parameters, nameof(parameters));
        CheckSparseBatch(batch);
        ReadOnlySpan<T> output = RunForward(parameters, default, batch.Rows, null, batch);
        return Loss.Compute(output, targets, exampleWeights, batch.Rows, OutputSize, default);
    }

    /// <summary>The network outputs for one sparse batch, without dropout.</summary>
    internal void ForwardSparse(ParameterSet<T> parameters, SparseBatch<T> batch, Span<T> outputs)
    {
        CheckParameters(parameters, nameof(parameters));
        CheckSparseBatch(batch);
        CheckExact(outputs.Length, batch.Rows * OutputSize, nameof(outputs));
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
