using Microsoft.ML.Data;

namespace MlNetNeural.Data;

/// <summary>
/// Collects the feature rows the reader accepts, choosing dense or sparse storage (<see cref="FeatureStorage"/>).
/// Under <see cref="FeatureStorage.Auto"/> the first <see cref="FeatureStorageDefaults.ProbeRows"/> rows are kept
/// sparse while their density is measured; denser data is then moved to dense storage once, before the rest arrives.
/// </summary>
internal sealed class FeatureSink
{
    private readonly int _columns;
    private readonly long _expectedRows;
    private readonly bool _decided;
    private SparseRowStore? _sparse;
    private FloatBuffer? _dense;
    private float[]? _denseRow;
    private int[]? _indexScratch;
    private float[]? _valueScratch;

    public FeatureSink(int columns, long expectedRows, FeatureStorage storage)
    {
        _columns = columns;
        _expectedRows = expectedRows;
        _decided = storage != FeatureStorage.Auto;
        if (storage == FeatureStorage.Dense)
            StartDense();
        else
            _sparse = new SparseRowStore(columns);
    }

    public void Add(in VBuffer<float> row)
    {
        if (_dense is not null)
        {
            row.CopyTo(_denseRow);
            _dense.Add(_denseRow);
            return;
        }

        if (row.IsDense)
        {
            _indexScratch ??= new int[_columns];
            _valueScratch ??= new float[_columns];
            _sparse!.AddDense(row.GetValues(), _indexScratch, _valueScratch);
        }
        else
        {
            _sparse!.Add(row.GetIndices(), row.GetValues());
        }

        if (!_decided && _sparse.Rows == FeatureStorageDefaults.ProbeRows)
            Decide();
    }

    public FeatureRows Complete()
    {
        if (_dense is null && !_decided)
            Decide();
        return _dense is not null ? new FeatureRows(_dense.ToArray(), _columns) : new FeatureRows(_sparse!);
    }

    private void Decide()
    {
        var probe = _sparse!;
        double density = probe.Rows == 0 ? 0 : probe.NonZeros / ((double)probe.Rows * _columns);
        if (density <= FeatureStorageDefaults.SparseDensityThreshold)
            return;
        StartDense();
        for (int r = 0; r < probe.Rows; r++)
        {
            probe.CopyDense(r, _denseRow);
            _dense!.Add(_denseRow);
        }
        _sparse = null;
    }

    private void StartDense()
    {
        _dense = new FloatBuffer(_expectedRows * _columns);
        _denseRow = new float[_columns];
    }
}
