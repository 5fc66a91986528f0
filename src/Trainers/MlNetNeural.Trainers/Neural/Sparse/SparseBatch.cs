using System;
using System.Numerics;

namespace MlNetNeural.Neural.Sparse;

/// <summary>
/// One batch of sparse input rows, held twice: by rows (CSR, for the forward pass) and by the input columns
/// present in the batch (CSC over <see cref="ActiveColumns"/>, for the first layer's weight gradient). Buffers
/// grow to the largest batch seen and are then reused, so a training run allocates only while they grow.
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
internal sealed class SparseBatch<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _slotOfColumn; // column → its non-zeros, then its position in ActiveColumns, while Complete runs; 0 otherwise
    private readonly ulong[] _activeBits; // one bit per column, set only while Complete runs
    private int[] _rowStarts;
    private int[] _indices = new int[256];
    private T[] _values = new T[256];
    private int[] _activeColumns = new int[256];
    private int[] _columnStarts = new int[257];
    private int[] _columnRows = new int[256];
    private T[] _columnValues = new T[256];
    private int[] _fill = new int[256]; // per active column, the next free place in the column-major copy

    public SparseBatch(int inputSize, int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        InputSize = inputSize;
        MaxRows = maxRows;
        _rowStarts = new int[maxRows + 1];
        _slotOfColumn = new int[inputSize];
        _activeBits = new ulong[(inputSize + 63) / 64];
    }

    public int InputSize { get; }

    public int MaxRows { get; }

    public int Rows { get; private set; }

    public int NonZeros => _rowStarts[Rows];

    /// <summary>The distinct input columns with a stored value in this batch, ascending (valid after <see cref="Complete"/>).</summary>
    public ReadOnlySpan<int> ActiveColumns => _activeColumns.AsSpan(0, ActiveCount);

    public int ActiveCount { get; private set; }

    public ReadOnlySpan<int> RowIndices(int row) => _indices.AsSpan(_rowStarts[row], _rowStarts[row + 1] - _rowStarts[row]);

    public ReadOnlySpan<T> RowValues(int row) => _values.AsSpan(_rowStarts[row], _rowStarts[row + 1] - _rowStarts[row]);

    /// <summary>The rows (ascending) holding a value in active column number <paramref name="active"/>.</summary>
    public ReadOnlySpan<int> ColumnRows(int active) => _columnRows.AsSpan(_columnStarts[active], _columnStarts[active + 1] - _columnStarts[active]);

    /// <summary>The non-zeros in the active columns before number <paramref name="active"/> (<see cref="ActiveCount"/> gives them all).</summary>
    public int NonZerosBefore(int active) => _columnStarts[active];

    /// <summary>The values of active column number <paramref name="active"/>, in <see cref="ColumnRows"/> order.</summary>
    public ReadOnlySpan<T> ColumnValues(int active) => _columnValues.AsSpan(_columnStarts[active], _columnStarts[active + 1] - _columnStarts[active]);

    public void Clear()
    {
        Rows = 0;
        ActiveCount = 0;
    }

    /// <summary>Appends a row by its non-zeros: indices strictly ascending, each below <see cref="InputSize"/>.</summary>
    public void AddRow(ReadOnlySpan<int> indices, ReadOnlySpan<T> values)
    {
        if (Rows == MaxRows)
        {
            throw new InvalidOperationException($"The batch already holds its {MaxRows} rows.");
        }

        int at = _rowStarts[Rows];
        Grow(ref _indices, at + indices.Length);
        Grow(ref _values, at + values.Length);
        indices.CopyTo(_indices.AsSpan(at));
        values.CopyTo(_values.AsSpan(at));
        Rows++;
        _rowStarts[Rows] = at + indices.Length;
    }

    /// <summary>Builds the by-column view; call once all rows are added.</summary>
    public void Complete()
    {
        int nonZeros = NonZeros;

        // Count each column's non-zeros and mark it in a bitmap of the slots; the bitmap's set bits, read in order, are
        // the active columns ascending (ascending columns walk the weight rows in memory order) without a sort, which
        // took a quarter of a text fit's epoch: a batch of 256 rows can hold 24,000 distinct columns.
        int lowest = int.MaxValue, highest = -1;
        for (int e = 0; e < nonZeros; e++)
        {
            int column = _indices[e];
            if (_slotOfColumn[column]++ == 0)
            {
                _activeBits[column >> 6] |= 1UL << column;
                lowest = Math.Min(lowest, column);
                highest = Math.Max(highest, column);
            }
        }

        // At most one active column per non-zero, and per slot of the marked range: room for all of them at once.
        int bound = highest < 0 ? 0 : Math.Min(nonZeros, highest - lowest + 1);
        Grow(ref _activeColumns, bound);
        Grow(ref _columnStarts, bound + 1);
        ActiveCount = 0;
        _columnStarts[0] = 0;
        for (int word = highest < 0 ? 0 : lowest >> 6, last = highest >> 6; word <= last; word++)
        {
            ulong bits = _activeBits[word];
            _activeBits[word] = 0;
            while (bits != 0)
            {
                int column = (word << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                int a = ActiveCount++;
                _activeColumns[a] = column;
                _columnStarts[a + 1] = _columnStarts[a] + _slotOfColumn[column];
                _slotOfColumn[column] = a; // from here on: the column's place among the active ones
            }
        }

        Grow(ref _columnRows, nonZeros);
        Grow(ref _columnValues, nonZeros);
        Grow(ref _fill, ActiveCount); // reused: a batch of a large vocabulary has thousands of active columns
        var fill = _fill.AsSpan(0, ActiveCount);
        _columnStarts.AsSpan(0, ActiveCount).CopyTo(fill);
        for (int r = 0; r < Rows; r++)
        {
            for (int e = _rowStarts[r]; e < _rowStarts[r + 1]; e++)
            {
                int a = _slotOfColumn[_indices[e]];
                _columnRows[fill[a]] = r;
                _columnValues[fill[a]++] = _values[e];
            }
        }

        for (int a = 0; a < ActiveCount; a++)
        {
            _slotOfColumn[_activeColumns[a]] = 0;
        }
    }

    public void CopyDense(Span<T> destination)
    {
        destination.Slice(0, Rows * InputSize).Clear();
        for (int r = 0; r < Rows; r++)
        {
            var indices = RowIndices(r);
            var values = RowValues(r);
            for (int e = 0; e < indices.Length; e++)
            {
                destination[(r * InputSize) + indices[e]] = values[e];
            }
        }
    }

    /// <summary>A completed batch holding the non-zeros of dense rows (tests and cross-checks).</summary>
    public static SparseBatch<T> FromDense(ReadOnlySpan<T> dense, int rows, int inputSize)
    {
        var batch = new SparseBatch<T>(inputSize, rows);
        var indices = new int[inputSize];
        var values = new T[inputSize];
        for (int r = 0; r < rows; r++)
        {
            int count = 0;
            for (int i = 0; i < inputSize; i++)
            {
                T v = dense[(r * inputSize) + i];
                if (v != T.Zero)
                {
                    indices[count] = i;
                    values[count++] = v;
                }
            }

            batch.AddRow(indices.AsSpan(0, count), values.AsSpan(0, count));
        }

        batch.Complete();
        return batch;
    }

    private static void Grow<TItem>(ref TItem[] array, int needed)
    {
        if (needed > array.Length)
        {
            Array.Resize(ref array, Math.Max(needed, 2 * array.Length));
        }
    }
}
