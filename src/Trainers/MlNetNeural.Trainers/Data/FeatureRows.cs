using System.Numerics.Tensors;

namespace MlNetNeural.Data;

/// <summary>
/// A training set's feature rows, held either dense (row-major float32) or sparse (<see cref="SparseRowStore"/>),
/// whichever the reader chose by measured density. Nothing downstream densifies sparse rows.
/// </summary>
internal sealed class FeatureRows
{
    private readonly float[]? _dense;
    private readonly SparseRowStore? _sparse;

    public FeatureRows(float[] dense, int columns)
    {
        if (columns < 1 || dense.Length % columns != 0)
            throw new ArgumentException($"{dense.Length} feature values do not make whole rows of {columns}.");
        _dense = dense;
        Columns = columns;
        Rows = dense.Length / columns;
    }

    public FeatureRows(SparseRowStore sparse)
    {
        _sparse = sparse;
        Columns = sparse.Columns;
        Rows = sparse.Rows;
    }

    public int Columns { get; }

    public int Rows { get; }

    public bool IsSparse => _sparse is not null;

    /// <summary>The dense row-major values; only for dense rows.</summary>
    public float[] Dense => _dense ?? throw new InvalidOperationException("These feature rows are sparse.");

    /// <summary>The sparse rows; only for sparse rows.</summary>
    public SparseRowStore Sparse => _sparse ?? throw new InvalidOperationException("These feature rows are dense.");

    public ReadOnlySpan<float> DenseRow(int row) => Dense.AsSpan(row * Columns, Columns);

    /// <summary>The largest magnitude of any feature value.</summary>
    public float MaxMagnitude() =>
        _sparse?.MaxMagnitude() ?? (_dense!.Length == 0 ? 0 : TensorPrimitives.MaxMagnitude<float>(_dense));

    /// <summary>The rows at <paramref name="rows"/>, in that order, in the same form.</summary>
    public FeatureRows Select(ReadOnlySpan<int> rows)
    {
        if (_sparse is not null)
            return new FeatureRows(_sparse.Select(rows));
        var features = new float[rows.Length * Columns];
        for (int i = 0; i < rows.Length; i++)
            DenseRow(rows[i]).CopyTo(features.AsSpan(i * Columns));
        return new FeatureRows(features, Columns);
    }
}
