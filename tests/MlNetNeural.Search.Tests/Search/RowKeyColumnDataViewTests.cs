using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Search.Tests.Search;

/// <summary>The view the stratified split appends its per-row key column with.</summary>
public sealed class RowKeyColumnDataViewTests
{
    [Fact]
    public void AppendsOneKeyPerRowByPosition_AndNeverShuffles()
    {
        var ml = new MLContext(seed: 1);
        var source = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new IdRow { Id = i * 10 }));
        var view = new RowKeyColumnDataView(source, "Part", [3, 1, 2, 3, 1], 3);

        Assert.Equal(["Id", "Part"], view.Schema.Select(c => c.Name));
        Assert.Equal(source.Schema["Id"].Type, view.Schema["Id"].Type);
        Assert.Equal(new KeyDataViewType(typeof(uint), 3), view.Schema["Part"].Type);
        Assert.False(view.CanShuffle);
        Assert.Equal(source.GetRowCount(), view.GetRowCount());

        // A requested random order and cursor count are ignored: one cursor, rows in source order.
        var cursors = view.GetRowCursorSet(view.Schema, 4, new Random(1));
        var cursor = Assert.Single(cursors);
        using (cursor)
        {
            var id = cursor.GetGetter<int>(view.Schema["Id"]);
            var part = cursor.GetGetter<uint>(view.Schema["Part"]);
            var rows = new List<(int, uint)>();
            int i = 0;
            uint k = 0;
            Assert.Throws<InvalidOperationException>(() => part(ref k)); // not on a row yet
            while (cursor.MoveNext())
            {
                id(ref i);
                part(ref k);
                rows.Add((i, k));
                Assert.Equal(rows.Count - 1, cursor.Position);
            }
            Assert.Equal([(0, 3u), (10, 1u), (20, 2u), (30, 3u), (40, 1u)], rows);
        }
    }

    [Fact]
    public void InactiveColumnsAndWrongTypes_AreRefused()
    {
        var ml = new MLContext(seed: 1);
        var source = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 2).Select(i => new IdRow { Id = i }));
        var view = new RowKeyColumnDataView(source, "Part", [1, 2], 2);

        using (var idOnly = view.GetRowCursor([view.Schema["Id"]]))
        {
            Assert.True(idOnly.IsColumnActive(view.Schema["Id"]));
            Assert.False(idOnly.IsColumnActive(view.Schema["Part"]));
            Assert.Contains("'Part' is not active", Assert.Throws<InvalidOperationException>(() => idOnly.GetGetter<uint>(view.Schema["Part"])).Message);
        }
        using (var partOnly = view.GetRowCursor([view.Schema["Part"]]))
        {
            Assert.False(partOnly.IsColumnActive(view.Schema["Id"]));
            Assert.Throws<InvalidOperationException>(() => partOnly.GetGetter<int>(view.Schema["Id"]));
            Assert.Contains("UInt32", Assert.Throws<InvalidOperationException>(() => partOnly.GetGetter<int>(view.Schema["Part"])).Message);
        }
    }

    public sealed class IdRow
    {
        public int Id { get; set; }
    }
}
