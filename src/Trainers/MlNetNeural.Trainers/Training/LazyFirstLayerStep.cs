using System.Numerics.Tensors;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Sparse;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Training;

/// <summary>
/// The optimizer step after a lazy sparse batch (<see cref="SparseUpdates.Lazy"/>): every layer past the first in full,
/// the first layer only in the rows of the batch's input columns. Each row's gradient is computed and applied in one
/// pass while the row is in cache, so the slot-sized gradient array is never written or cleared; the rows are split
/// over the cores, and since a row's update reads only that row, the result does not depend on the split. An engine
/// without sparse batches (TorchSharp, fed them densified) has written the whole first-layer gradient; its active
/// rows are stepped the same way.
/// </summary>
internal sealed class LazyFirstLayerStep
{
    private const int PrefetchAhead = 4;
    private const int RowsPerWorker = 512; // below this a batch's rows are not worth a second thread

    private readonly ISparseGradientEngine? _engine; // null: the gradient is in parameter 0's gradient array
    private readonly int _width;
    private readonly float[][] _rowGradients; // one row's gradient per worker
    private float[] _allGradients = []; // with clipping: every active row's gradient, so the norm is known before any update
    private readonly int[] _bounds; // the workers' ranges of active columns, reused by every step

    public LazyFirstLayerStep(ISparseGradientEngine? engine, int width)
    {
        _engine = engine;
        _width = width;
        _rowGradients = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new float[width]).ToArray();
        _bounds = new int[_rowGradients.Length + 1];
    }

    /// <summary>How many threads a step may use (the worker numbers it announces rows with).</summary>
    public int Workers => _rowGradients.Length;

    /// <summary>The best weights kept copy-on-write, told of each first-layer row before a step changes it; or null.</summary>
    public BestWeights? Best { get; set; }

    public void Run(SparseBatch<float> batch, Optimizer<float> optimizer, IReadOnlyList<OptimizerParameter<float>> parameters,
        float rate, double? clipNorm)
    {
        var first = parameters[0];
        if (clipNorm is not { } maxNorm)
        {
            optimizer.BeginRowStep(parameters, rate);
            ForEachRange(batch, (worker, from, to) =>
            {
                var gradient = _rowGradients[worker];
                var active = batch.ActiveColumns;
                for (int a = from; a < to; a++)
                {
                    if (a + PrefetchAhead < to)
                        optimizer.PrefetchRow(first, active[a + PrefetchAhead], _width);
                    var rowGradient = RowGradient(batch, first, a, gradient);
                    Best?.BeforeRowUpdate(worker, active[a], first.Values.AsSpan(active[a] * _width, _width));
                    optimizer.UpdateRow(first, active[a], _width, rowGradient, rate);
                }
            });
            return;
        }

        // Clipping scales every gradient by one factor from the global norm: all rows' gradients first, then the steps.
        int count = batch.ActiveCount;
        if (_allGradients.Length < count * _width)
            _allGradients = new float[Math.Max(count * _width, 2 * _allGradients.Length)];
        ForEachRange(batch, (_, from, to) =>
        {
            var active = batch.ActiveColumns;
            for (int a = from; a < to; a++)
                RowGradient(batch, first, a, _allGradients.AsSpan(a * _width, _width)).CopyTo(_allGradients.AsSpan(a * _width, _width));
        });
        var firstGradients = _allGradients.AsSpan(0, count * _width);
        double sumOfSquares = TensorPrimitives.SumOfSquares<float>(firstGradients);
        for (int i = 1; i < parameters.Count; i++)
            sumOfSquares += TensorPrimitives.SumOfSquares<float>(parameters[i].Gradient);
        double norm = Math.Sqrt(sumOfSquares);
        if (norm > maxNorm && double.IsFinite(norm))
        {
            float scale = (float)(maxNorm / norm);
            TensorPrimitives.Multiply(firstGradients, scale, firstGradients);
            for (int i = 1; i < parameters.Count; i++)
                TensorPrimitives.Multiply(parameters[i].Gradient, scale, parameters[i].Gradient);
        }

        optimizer.BeginRowStep(parameters, rate);
        ForEachRange(batch, (worker, from, to) =>
        {
            var active = batch.ActiveColumns;
            for (int a = from; a < to; a++)
            {
                Best?.BeforeRowUpdate(worker, active[a], first.Values.AsSpan(active[a] * _width, _width));
                optimizer.UpdateRow(first, active[a], _width, _allGradients.AsSpan(a * _width, _width), rate);
            }
        });
    }

    // Active column a's gradient row: computed into destination by a sparse engine, else read where the engine wrote it.
    private ReadOnlySpan<float> RowGradient(SparseBatch<float> batch, OptimizerParameter<float> first, int a, Span<float> destination)
    {
        int row = batch.ActiveColumns[a];
        if (_engine is null)
            return first.Gradient.AsSpan(row * _width, _width);
        _engine.FirstLayerRowGradient(batch, a, first.Values.AsSpan(row * _width, _width), destination);
        return destination;
    }

    // body(worker, from, to) over contiguous ranges of the batch's active columns, one per worker, of about equal
    // non-zeros: a row's gradient costs its column's non-zeros, and the columns are held most frequent first, so
    // equal counts of columns would give one worker the common ones and most of the work.
    private void ForEachRange(SparseBatch<float> batch, Action<int, int, int> body)
    {
        int count = batch.ActiveCount;
        int workers = Math.Clamp(count / RowsPerWorker, 1, _rowGradients.Length);
        if (workers == 1)
        {
            body(0, 0, count);
            return;
        }
        var bounds = _bounds;
        bounds[workers] = count;
        long total = batch.NonZerosBefore(count);
        for (int w = 1, a = 0; w < workers; w++)
        {
            long share = total * w / workers;
            while (a < count && batch.NonZerosBefore(a) < share)
                a++;
            bounds[w] = a;
        }
        Parallel.For(0, workers, worker => body(worker, bounds[worker], bounds[worker + 1]));
    }
}
