using System.Numerics.Tensors;
using MlNetNeural.Data;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Sparse;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Training;

/// <summary>
/// Gathers batches from dense or sparse training rows and runs the engine, the clipping and the optimizer step on
/// them, so the training loop reads the same for both. Sparse rows go to an <see cref="ISparseGradientEngine"/> as
/// they are, densified to any other engine; with <see cref="SparseUpdates.Lazy"/> the first layer is clipped and
/// stepped only in the batch's active columns. All buffers are sized once.
/// </summary>
internal sealed class BatchRunner
{
    private readonly IGradientEngine _engine;
    private readonly ISparseGradientEngine? _sparseEngine;
    private readonly int _inputSize;
    private readonly int _maxRows;
    private readonly bool _lazy;
    private readonly SparseBatch<float>? _batch;
    private readonly LazyFirstLayerStep? _lazyStep;
    private float[]? _dense; // dense batch features: the dense path, or sparse rows densified for another engine
    private int _rows;

    public BatchRunner(IGradientEngine engine, bool sparse, SparseUpdates updates, int inputSize, int firstWidth, int maxRows)
    {
        _engine = engine;
        _inputSize = inputSize;
        _maxRows = maxRows;
        if (sparse)
        {
            _batch = new SparseBatch<float>(inputSize, maxRows);
            _sparseEngine = engine as ISparseGradientEngine;
            _lazy = updates == SparseUpdates.Lazy;
            if (_lazy)
                _lazyStep = new LazyFirstLayerStep(_sparseEngine, firstWidth);
        }
        if (_batch is null || _sparseEngine is null)
            _dense = new float[maxRows * inputSize];
    }

    /// <summary>
    /// The store for the best epoch's weights: copy-on-write in the first layer under lazy steps (which announce each
    /// row before changing it), whole copies otherwise.
    /// </summary>
    public BestWeights CreateBestWeights(ParameterSet<float> parameters)
    {
        var best = new BestWeights(parameters, copyOnWrite: _lazy, workers: _lazyStep?.Workers ?? 1);
        if (_lazyStep is not null)
            _lazyStep.Best = best;
        return best;
    }

    /// <summary>
    /// Whether the engine writes the first layer's weight gradient into the gradient set. Lazy steps on a sparse
    /// engine compute it row by row instead, so the slot-sized array need not exist.
    /// </summary>
    public bool NeedsFirstLayerGradient => !_lazy || _sparseEngine is null;

    /// <summary>Copies the rows at <paramref name="order"/> into the batch, targets and weights; returns their total weight.</summary>
    public double Gather(MlpTrainingData data, ReadOnlySpan<int> order, float[] targets, float[] weights)
    {
        int k = data.TargetWidth;
        double total = 0;
        _rows = order.Length;
        _batch?.Clear();
        for (int i = 0; i < order.Length; i++)
        {
            int row = order[i];
            if (_batch is not null)
                _batch.AddRow(data.Features.Sparse.Indices(row), data.Features.Sparse.Values(row));
            else
                data.Features.DenseRow(row).CopyTo(_dense.AsSpan(i * _inputSize, _inputSize));
            data.Targets.AsSpan(row * k, k).CopyTo(targets.AsSpan(i * k, k));
            weights[i] = data.Weights[row];
            total += weights[i];
        }
        if (_batch is not null)
        {
            _batch.Complete();
            if (_sparseEngine is null)
                _batch.CopyDense(_dense);
        }
        return total;
    }

    /// <summary>The engine's gradient of the gathered batch; returns the objective.</summary>
    public double ComputeGradients(ParameterSet<float> parameters, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights,
        ParameterSet<float> gradients, DropoutMasks<float>? dropout)
    {
        if (_batch is not null && _sparseEngine is not null)
            return _sparseEngine.ComputeGradients(parameters, _batch, targets, weights, gradients, dropout, _lazy);
        return _engine.ComputeGradients(parameters, _dense.AsSpan(0, _rows * _inputSize), _rows, targets, weights, gradients, dropout);
    }

    /// <summary>Called at each epoch's start: lazy steps report the first layer's penalty as measured here.</summary>
    public void BeginEpoch(ParameterSet<float> parameters)
    {
        if (_lazy)
            _sparseEngine?.MeasureFirstLayerPenalty(parameters);
    }

    /// <summary>
    /// The optimizer step, after clipping the global gradient norm to <paramref name="clipNorm"/> if given: every
    /// parameter, or lazily the first layer's active rows only (where the clipping's norm covers those rows).
    /// </summary>
    public void Step(Optimizer<float> optimizer, IReadOnlyList<OptimizerParameter<float>> parameters, float rate, double? clipNorm)
    {
        if (_lazy)
        {
            _lazyStep!.Run(_batch!, optimizer, parameters, rate, clipNorm);
            return;
        }
        if (clipNorm is { } maxNorm)
            GradientClipping.ClipGlobalNorm(parameters, maxNorm);
        optimizer.Step(parameters, rate);
    }

    /// <summary>Weighted mean data loss over every row of <paramref name="data"/>, in batch-sized chunks for sparse rows.</summary>
    public double EvaluateLoss(ParameterSet<float> parameters, MlpTrainingData data)
    {
        if (!data.IsSparse)
            return _engine.EvaluateLoss(parameters, data.Features.Dense, data.Rows, data.Targets, data.Weights);
        double weightedSum = 0, totalWeight = 0;
        ForEachChunk(data, (start, n) =>
        {
            var targets = data.Targets.AsSpan(start * data.TargetWidth, n * data.TargetWidth);
            var weights = data.Weights.AsSpan(start, n);
            double chunkWeight = 0;
            foreach (float w in weights)
                chunkWeight += w;
            double mean = _sparseEngine is not null
                ? _sparseEngine.EvaluateLoss(parameters, _batch!, targets, weights)
                : _engine.EvaluateLoss(parameters, _dense.AsSpan(0, n * _inputSize), n, targets, weights);
            weightedSum += mean * chunkWeight;
            totalWeight += chunkWeight;
        });
        return totalWeight == 0 ? 0 : weightedSum / totalWeight;
    }

    /// <summary>Network outputs for every row of <paramref name="data"/>.</summary>
    public void Forward(ParameterSet<float> parameters, MlpTrainingData data, float[] outputs)
    {
        if (!data.IsSparse)
        {
            _engine.Forward(parameters, data.Features.Dense, data.Rows, outputs);
            return;
        }
        int k = outputs.Length / Math.Max(1, data.Rows);
        ForEachChunk(data, (start, n) =>
        {
            var slice = outputs.AsSpan(start * k, n * k);
            if (_sparseEngine is not null)
                _sparseEngine.Forward(parameters, _batch!, slice);
            else
                _engine.Forward(parameters, _dense.AsSpan(0, n * _inputSize), n, slice);
        });
    }

    // Fills the batch with consecutive chunks of data's rows and calls body(start, rows) for each.
    private void ForEachChunk(MlpTrainingData data, Action<int, int> body)
    {
        for (int start = 0; start < data.Rows; start += _maxRows)
        {
            int n = Math.Min(_maxRows, data.Rows - start);
            _batch!.Clear();
            for (int r = start; r < start + n; r++)
                _batch.AddRow(data.Features.Sparse.Indices(r), data.Features.Sparse.Values(r));
            _batch.Complete();
            if (_sparseEngine is null)
                _batch.CopyDense(_dense);
            body(start, n);
        }
    }
}
