using MlNetNeural.Data;
using MlNetNeural.Neural.Initialization;
using MlNetNeural.Training;
using Xunit;

namespace MlNetNeural.Neural.Tests.Sparse;

/// <summary>
/// A lazy sparse fit holds its first layer's rows most frequent column first: the order, the renumbered rows and the
/// moves of the weights there and back must lose nothing and put every column's row where the order says.
/// </summary>
public class HotFirstColumnsTests
{
    private static SparseRowStore Store(int columns, params (int[] Indices, float[] Values)[] rows)
    {
        var store = new SparseRowStore(columns);
        foreach (var (indices, values) in rows)
            store.Add(indices, values);
        return store;
    }

    [Fact]
    public void Columns_are_ordered_by_how_many_rows_hold_them_ties_and_unseen_columns_by_number()
    {
        // Column 4 in three rows, 1 in two, 2 and 5 in one each; 0 and 3 in none.
        var store = Store(6, ([1, 4], [1, 1]), ([1, 2, 4], [1, 1, 1]), ([4, 5], [1, 1]));
        var order = HotFirstColumns.Of(store);
        Assert.Equal([4, 1, 2, 5, 0, 3], Enumerable.Range(0, 6).OrderBy(c => order.Positions[c]).ToArray());
    }

    [Fact]
    public void Renumbered_rows_keep_every_value_with_its_column_in_ascending_order()
    {
        var random = new Random(4);
        const int columns = 300;
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            int[] indices = Enumerable.Range(0, columns).Where(_ => random.NextDouble() < 0.05 + 0.3 * random.NextDouble() * random.NextDouble()).ToArray();
            return (indices, indices.Select(_ => (float)random.NextDouble()).ToArray());
        }).ToArray();
        var store = Store(columns, rows);
        var order = HotFirstColumns.Of(store);
        order.Renumber(store);
        for (int r = 0; r < rows.Length; r++)
        {
            var indices = store.Indices(r).ToArray();
            Assert.True(indices.Zip(indices.Skip(1)).All(p => p.First < p.Second), $"row {r} is not ascending");
            var expected = rows[r].indices.Zip(rows[r].Item2).ToDictionary(p => order.Positions[p.First], p => p.Second);
            Assert.Equal(expected, indices.Zip(store.Values(r).ToArray()).ToDictionary(p => p.First, p => p.Second));
        }
    }

    [Fact]
    public void Weights_moved_to_training_order_hold_each_columns_row_at_its_position_and_move_back_exactly()
    {
        var random = new Random(5);
        const int columns = 500, width = 7;
        var store = Store(columns, Enumerable.Range(0, 100).Select(_ =>
        {
            int[] indices = Enumerable.Range(0, columns).Where(c => random.NextDouble() < 10.0 / (c + 10)).ToArray();
            return (indices, indices.Select(_ => 1f).ToArray());
        }).ToArray());
        var order = HotFirstColumns.Of(store);
        Assert.NotEqual(Enumerable.Range(0, columns), order.Positions.ToArray()); // a real permutation, not the identity
        float[] original = Enumerable.Range(0, columns * width).Select(_ => (float)random.NextDouble()).ToArray();
        float[] weights = (float[])original.Clone();

        order.ToTrainingOrder(weights, width);
        for (int c = 0; c < columns; c++)
            Assert.Equal(original.AsSpan(c * width, width).ToArray(), weights.AsSpan(order.Positions[c] * width, width).ToArray());
        order.ToColumnOrder(weights, width);
        Assert.Equal(original, weights);
    }

    [Fact]
    public void Weights_drawn_into_training_order_are_the_column_order_draws_moved()
    {
        var store = Store(40, ([3, 7, 9], [1, 1, 1]), ([7, 9], [1, 1]), ([9, 30], [1, 1]));
        var order = HotFirstColumns.Of(store);
        const int outputs = 6, inputs = 40;
        var inColumnOrder = new float[outputs * inputs];
        var inTrainingOrder = new float[outputs * inputs];
        WeightInitialization.FillWeightsInputMajor(WeightInitializerKind.HeUniform, inColumnOrder.AsSpan(), outputs, inputs, new Random(8));
        WeightInitialization.FillWeightsInputMajor(WeightInitializerKind.HeUniform, inTrainingOrder.AsSpan(), outputs, inputs, new Random(8), order.Positions);
        order.ToTrainingOrder(inColumnOrder, outputs);
        Assert.Equal(inColumnOrder, inTrainingOrder);
    }
}
