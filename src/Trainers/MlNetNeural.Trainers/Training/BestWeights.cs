using MlNetNeural.Neural;

namespace MlNetNeural.Training;

/// <summary>
/// The best epoch's weights, to return at the end of a fit. Dense fits copy every array at each new best. A lazily
/// trained sparse first layer (only the batch's rows change in a step) is kept copy-on-write instead: a new best copies
/// the small arrays and none of the first layer; a first-layer row is saved the first time a step is about to change it
/// afterwards, and restoring writes back only the saved rows. A 1M-slot text model's best epoch then costs the rows
/// changed since it, not a gigabyte copied per improvement (and a gigabyte allocated at the first).
/// </summary>
internal sealed class BestWeights
{
    private const int ChunkFloats = 1 << 20; // saved rows live in 4 MB chunks: no single array caps them, none grows by doubling

    private readonly bool _copyOnWrite;
    private readonly int[]? _savedIn; // copy-on-write: per first-layer row, the snapshot in which it was saved
    private readonly SavedRows[] _saved = []; // copy-on-write: one store per worker thread
    private ParameterSet<float>? _copy;
    private int _snapshot; // 0: none taken yet

    /// <param name="parameters">The weights being trained.</param>
    /// <param name="copyOnWrite">Whether the first layer changes only through <see cref="BeforeRowUpdate"/>-announced rows.</param>
    /// <param name="workers">Threads that may announce rows at once.</param>
    public BestWeights(ParameterSet<float> parameters, bool copyOnWrite, int workers)
    {
        _copyOnWrite = copyOnWrite;
        if (copyOnWrite)
        {
            _savedIn = new int[parameters.InputSize];
            _saved = Enumerable.Range(0, workers).Select(_ => new SavedRows(parameters.LayerSizes[0])).ToArray();
        }
    }

    /// <summary>Whether a snapshot has been taken.</summary>
    public bool HasSnapshot => _snapshot > 0;

    /// <summary>Makes the current weights the best (copy-on-write: all but the first layer are copied now).</summary>
    public void Take(ParameterSet<float> parameters)
    {
        _copy ??= _copyOnWrite ? EmptyFirstLayer(parameters) : parameters.Clone();
        for (int i = _copyOnWrite ? 1 : 0; i < parameters.ArrayCount; i++)
            parameters.GetArray(i).Values.CopyTo(_copy.GetArray(i).Values, 0);
        _snapshot++;
        foreach (var store in _saved)
            store.Clear();
    }

    /// <summary>
    /// Copy-on-write: a step is about to change first-layer <paramref name="row"/> (whose values are
    /// <paramref name="values"/>). Distinct rows may be announced from different threads, each with its own worker number.
    /// </summary>
    public void BeforeRowUpdate(int worker, int row, ReadOnlySpan<float> values)
    {
        if (_snapshot == 0 || _savedIn![row] == _snapshot)
            return;
        _savedIn[row] = _snapshot;
        _saved[worker].Add(row, values);
    }

    /// <summary>Writes the best weights back into <paramref name="parameters"/>.</summary>
    public void Restore(ParameterSet<float> parameters)
    {
        if (_copy is null)
            throw new InvalidOperationException("No best weights were taken.");
        for (int i = _copyOnWrite ? 1 : 0; i < parameters.ArrayCount; i++)
            _copy.GetArray(i).Values.CopyTo(parameters.GetArray(i).Values, 0);
        foreach (var store in _saved)
            store.RestoreInto(parameters.Weights[0]);
    }

    /// <summary>
    /// For a checkpoint: the best weights as arrays 1 … n of the set (whole) and the first-layer rows in which they
    /// differ from <paramref name="current"/>, so a text model's checkpoint holds the rows changed since its best
    /// epoch, not a second copy of its first layer.
    /// </summary>
    public (float[][] LaterArrays, List<(int Row, float[] Values)> FirstLayerRows) Difference(ParameterSet<float> current)
    {
        if (_copy is null)
            throw new InvalidOperationException("No best weights were taken.");
        var later = Enumerable.Range(1, current.ArrayCount - 1).Select(i => _copy.GetArray(i).Values).ToArray();
        var rows = new List<(int, float[])>();
        int width = current.LayerSizes[0];
        if (_copyOnWrite)
        {
            foreach (var store in _saved)
                store.CollectInto(rows);
        }
        else
        {
            var best = _copy.Weights[0];
            var now = current.Weights[0];
            for (int r = 0; r < now.Length / width; r++)
            {
                var row = best.AsSpan(r * width, width);
                if (!row.SequenceEqual(now.AsSpan(r * width, width)))
                    rows.Add((r, row.ToArray()));
            }
        }
        rows.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return (later, rows);
    }

    /// <summary>
    /// From a checkpoint: makes the best weights those that <see cref="Difference"/> described against
    /// <paramref name="current"/> (the weights the checkpoint resumes with).
    /// </summary>
    public void Load(ParameterSet<float> current, float[][] laterArrays, IReadOnlyList<(int Row, float[] Values)> firstLayerRows)
    {
        Take(current);
        for (int i = 1; i < current.ArrayCount; i++)
            laterArrays[i - 1].CopyTo(_copy!.GetArray(i).Values, 0);
        int width = current.LayerSizes[0];
        foreach (var (row, values) in firstLayerRows)
        {
            if (_copyOnWrite)
            {
                _savedIn![row] = _snapshot;
                _saved[0].Add(row, values);
            }
            else
            {
                values.CopyTo(_copy!.Weights[0].AsSpan(row * width, width));
            }
        }
    }

    // The first layer is kept row by row, so the copy never holds (or allocates) it.
    private static ParameterSet<float> EmptyFirstLayer(ParameterSet<float> parameters) =>
        ParameterSet<float>.WithoutFirstWeights(parameters.InputSize, parameters.LayerSizes);

    // One thread's saved first-layer rows: their numbers and values, appended in chunks.
    private sealed class SavedRows(int width)
    {
        private readonly List<int> _rows = [];
        private readonly List<float[]> _chunks = [];
        private readonly int _rowsPerChunk = Math.Max(1, ChunkFloats / width);

        public void Clear() => _rows.Clear(); // the chunks are kept for the next snapshot's rows

        public void Add(int row, ReadOnlySpan<float> values)
        {
            int at = _rows.Count;
            if (at / _rowsPerChunk == _chunks.Count)
                _chunks.Add(new float[_rowsPerChunk * width]);
            values.CopyTo(_chunks[at / _rowsPerChunk].AsSpan(at % _rowsPerChunk * width, width));
            _rows.Add(row);
        }

        public void CollectInto(List<(int Row, float[] Values)> rows)
        {
            for (int i = 0; i < _rows.Count; i++)
                rows.Add((_rows[i], _chunks[i / _rowsPerChunk].AsSpan(i % _rowsPerChunk * width, width).ToArray()));
        }

        public void RestoreInto(float[] weights)
        {
            for (int i = 0; i < _rows.Count; i++)
                _chunks[i / _rowsPerChunk].AsSpan(i % _rowsPerChunk * width, width).CopyTo(weights.AsSpan(_rows[i] * width, width));
        }
    }
}
