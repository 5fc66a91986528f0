using System.Numerics.Tensors;

namespace MlNetNeural.Data;

/// <summary>
/// Training rows in compressed sparse row form (values, slot indices, row extents), stored in chunks so
/// that no single array caps the row count and growing never copies what is already stored: a full chunk
/// is kept and a new one begun. Only the small per-row tables grow by doubling.
/// </summary>
/// <remarks>
/// A row never straddles two chunks; a row longer than <see cref="ChunkSize"/> gets a chunk of its own
/// size. Indices within a row are strictly ascending (as ML.NET's sparse <c>VBuffer</c> holds them).
/// </remarks>
internal sealed class SparseRowStore
{
    /// <summary>Values per chunk: 1M values = 4 MB of floats and 4 MB of indices.</summary>
    internal const int ChunkSize = 1 << 20;

    private readonly List<float[]> _valueChunks = [];
    private readonly List<int[]> _indexChunks = [];
    private int[] _rowChunk = new int[64];
    private int[] _rowStart = new int[64];
    private int[] _rowLength = new int[64];
    private int _used = ChunkSize; // values used in the last chunk; "full" until the first row arrives

    public SparseRowStore(int columns) => Columns = columns;

    /// <summary>Number of slots per row.</summary>
    public int Columns { get; }

    public int Rows { get; private set; }

    public long NonZeros { get; private set; }

    /// <summary>Appends a row given by its non-zeros (indices strictly ascending, each below <see cref="Columns"/>).</summary>
    public void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        int count = values.Length;
        if (_valueChunks.Count == 0 || _used + count > _valueChunks[^1].Length)
        {
            int size = Math.Max(ChunkSize, count);
            _valueChunks.Add(new float[size]);
            _indexChunks.Add(new int[size]);
            _used = 0;
        }

        values.CopyTo(_valueChunks[^1].AsSpan(_used));
        indices.CopyTo(_indexChunks[^1].AsSpan(_used));
        if (Rows == _rowChunk.Length)
        {
            int grown = (int)Math.Min(Array.MaxLength, 2L * Rows);
            Array.Resize(ref _rowChunk, grown);
            Array.Resize(ref _rowStart, grown);
            Array.Resize(ref _rowLength, grown);
        }

        _rowChunk[Rows] = _valueChunks.Count - 1;
        _rowStart[Rows] = _used;
        _rowLength[Rows] = count;
        _used += count;
        Rows++;
        NonZeros += count;
    }

    /// <summary>Appends a dense row, keeping only its non-zero values.</summary>
    public void AddDense(ReadOnlySpan<float> dense, Span<int> indexScratch, Span<float> valueScratch)
    {
        int count = 0;
        for (int i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0)
            {
                indexScratch[count] = i;
                valueScratch[count++] = dense[i];
            }
        }

        Add(indexScratch[..count], valueScratch[..count]);
    }

    public ReadOnlySpan<int> Indices(int row) => _indexChunks[_rowChunk[row]].AsSpan(_rowStart[row], _rowLength[row]);

    public ReadOnlySpan<float> Values(int row) => _valueChunks[_rowChunk[row]].AsSpan(_rowStart[row], _rowLength[row]);

    /// <summary>Row <paramref name="row"/>'s values, writable (the input encoding rewrites a fit's own rows in place).</summary>
    public Span<float> ValuesToUpdate(int row) => _valueChunks[_rowChunk[row]].AsSpan(_rowStart[row], _rowLength[row]);

    /// <summary>Writes row <paramref name="row"/> densely into <paramref name="destination"/> (<see cref="Columns"/> long).</summary>
    public void CopyDense(int row, Span<float> destination)
    {
        destination.Clear();
        var indices = Indices(row);
        var values = Values(row);
        for (int i = 0; i < indices.Length; i++)
            destination[indices[i]] = values[i];
    }

    /// <summary>How many rows hold a value in each slot.</summary>
    public int[] RowsPerColumn()
    {
        var counts = new int[Columns];
        for (int row = 0; row < Rows; row++)
        {
            foreach (int index in Indices(row))
                counts[index]++;
        }
        return counts;
    }

    /// <summary>
    /// Moves every value from slot s to slot <paramref name="position"/>[s] (a permutation of the slots), each row
    /// re-sorted so its indices stay strictly ascending. Rows are independent, so they are split over the cores.
    /// </summary>
    public void RemapColumns(int[] position)
    {
        if (position.Length != Columns)
            throw new ArgumentException($"A slot permutation for {Columns} slots has {position.Length} entries.", nameof(position));
        Parallel.For(0, Environment.ProcessorCount, worker =>
        {
            for (int row = (int)((long)Rows * worker / Environment.ProcessorCount), end = (int)((long)Rows * (worker + 1) / Environment.ProcessorCount); row < end; row++)
            {
                var indices = _indexChunks[_rowChunk[row]].AsSpan(_rowStart[row], _rowLength[row]);
                for (int i = 0; i < indices.Length; i++)
                    indices[i] = position[indices[i]];
                indices.Sort(ValuesToUpdate(row));
            }
        });
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order, as a new store.</summary>
    public SparseRowStore Select(ReadOnlySpan<int> rows)
    {
        var selected = new SparseRowStore(Columns);
        foreach (int row in rows)
            selected.Add(Indices(row), Values(row));
        return selected;
    }

    /// <summary>The largest magnitude of any stored value (0 for no values).</summary>
    public float MaxMagnitude()
    {
        float max = 0;
        for (int c = 0; c < _valueChunks.Count; c++)
        {
            int used = c == _valueChunks.Count - 1 ? _used : _valueChunks[c].Length;
            if (used > 0)
                max = Math.Max(max, TensorPrimitives.MaxMagnitude<float>(_valueChunks[c].AsSpan(0, used)));
        }
        return max;
    }
}
