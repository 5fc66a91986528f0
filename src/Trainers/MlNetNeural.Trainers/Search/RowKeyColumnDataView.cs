using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Search;

/// <summary>
/// A source view with one key column appended whose value on the row at position <c>i</c> is <c>keys[i]</c>.
/// </summary>
/// <remarks>
/// Rows are matched to keys by position, so the source must yield the same rows in the same order on
/// every unshuffled cursor (the <see cref="IDataView"/> contract) and exactly <c>keys.Length</c> of them;
/// a cursor that finds more or fewer throws. The view never shuffles: <see cref="CanShuffle"/> is
/// <c>false</c>, a requested random order is ignored, and a cursor set is a single cursor.
/// </remarks>
internal sealed class RowKeyColumnDataView : IDataView
{
    private readonly IDataView _source;
    private readonly uint[] _keys;
    private readonly int _keyIndex;

    /// <summary>Appends column <paramref name="name"/> of type <c>Key&lt;UInt32, keyCount&gt;</c> holding <paramref name="keys"/>.</summary>
    public RowKeyColumnDataView(IDataView source, string name, uint[] keys, ulong keyCount)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(keys);
        var builder = new DataViewSchema.Builder();
        // Every source column, hidden ones included, keeps its index.
        builder.AddColumns(source.Schema);
        builder.AddColumn(name, new KeyDataViewType(typeof(uint), keyCount));
        Schema = builder.ToSchema();
        _source = source;
        _keys = keys;
        _keyIndex = source.Schema.Count;
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        bool keyActive = false;
        var sourceColumns = new List<DataViewSchema.Column>();
        foreach (var column in columnsNeeded)
        {
            CheckIndex(column);
            if (column.Index == _keyIndex)
                keyActive = true;
            else
                sourceColumns.Add(_source.Schema[column.Index]);
        }
        return new Cursor(this, _source.GetRowCursor(sourceColumns), keyActive);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private void CheckIndex(DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= Schema.Count)
            throw new ArgumentOutOfRangeException(nameof(column), column.Index, $"Column index must be in [0, {Schema.Count}).");
    }

    /// <summary>Wraps a source cursor; the key is read from the source cursor's <c>Position</c>.</summary>
    private sealed class Cursor : DataViewRowCursor
    {
        private readonly RowKeyColumnDataView _parent;
        private readonly DataViewRowCursor _input;
        private readonly bool _keyActive;
        private long _rows;

        public Cursor(RowKeyColumnDataView parent, DataViewRowCursor input, bool keyActive)
        {
            _parent = parent;
            _input = input;
            _keyActive = keyActive;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            _parent.CheckIndex(column);
            return column.Index == _parent._keyIndex ? _keyActive : _input.IsColumnActive(_input.Schema[column.Index]);
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor: request it when making the cursor.");
            if (column.Index != _parent._keyIndex)
                return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            if (typeof(TValue) != typeof(uint))
                throw new InvalidOperationException($"Column '{column.Name}' holds UInt32 keys; a getter of {typeof(TValue).Name} was requested.");
            ValueGetter<uint> getter = (ref uint value) => value = Key();
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        public override bool MoveNext()
        {
            if (_input.MoveNext())
            {
                if (++_rows > _parent._keys.Length)
                    throw RowCountChanged("more");
                return true;
            }
            if (_rows != _parent._keys.Length)
                throw RowCountChanged("fewer");
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _input.Dispose();
            base.Dispose(disposing);
        }

        private uint Key()
        {
            long position = _input.Position;
            if (position < 0 || position >= _parent._keys.Length)
                throw new InvalidOperationException($"The cursor is not on a row (position {position}).");
            return _parent._keys[position];
        }

        private InvalidOperationException RowCountChanged(string moreOrFewer) => new(
            $"The data yielded {moreOrFewer} rows than the {_parent._keys.Length} counted when the split was made: " +
            "a split needs data that yields the same rows on every read.");
    }
}
