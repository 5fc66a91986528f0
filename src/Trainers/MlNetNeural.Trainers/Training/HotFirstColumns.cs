using MlNetNeural.Data;

namespace MlNetNeural.Training;

/// <summary>
/// The order a lazy sparse fit keeps its first layer's rows in: the input columns most often present in the training
/// rows first. A text set's tokens follow Zipf's law, so a batch's active columns are mostly the common ones, and
/// packed together their weights and optimizer state share cache lines, pages and TLB entries, however many slots the
/// vocabulary has and wherever the featurizer put them. The rows are moved to this order before training (the
/// columns of the fit's own sparse rows renumbered to match) and back afterwards; nothing else changes but the order
/// in which a row's non-zeros are summed.
/// </summary>
internal sealed class HotFirstColumns
{
    private readonly int[] _position; // input column → its row in training order

    private HotFirstColumns(int[] position) => _position = position;

    /// <summary>Where each input column's row is held during training.</summary>
    public ReadOnlySpan<int> Positions => _position;

    /// <summary>The order of <paramref name="train"/>'s columns by how many rows hold them (most first, ties by column).</summary>
    public static HotFirstColumns Of(SparseRowStore train)
    {
        int[] counts = train.RowsPerColumn();
        // Sort keys: fewer rows sort later, then the column; the column is the low half, so it is recovered after.
        var keys = new long[counts.Length];
        for (int c = 0; c < counts.Length; c++)
            keys[c] = ((long)(int.MaxValue - counts[c]) << 32) | (uint)c;
        Array.Sort(keys);
        var position = new int[counts.Length];
        for (int p = 0; p < keys.Length; p++)
            position[(int)(keys[p] & uint.MaxValue)] = p;
        return new HotFirstColumns(position);
    }

    /// <summary>Renumbers <paramref name="rows"/>' columns to training order.</summary>
    public void Renumber(SparseRowStore rows) => rows.RemapColumns(_position);

    /// <summary>Gives <paramref name="rows"/> (renumbered by <see cref="Renumber"/>) their columns' own numbers back.</summary>
    public void RestoreNumbering(SparseRowStore rows) => rows.RemapColumns(Inverse());

    /// <summary>Moves an input-major first layer's rows (<paramref name="width"/> each) from column order to training order.</summary>
    public void ToTrainingOrder(float[] weights, int width) => Permute(weights, width, _position);

    /// <summary>Moves an input-major first layer's rows back from training order to column order.</summary>
    public void ToColumnOrder(float[] weights, int width) => Permute(weights, width, Inverse());

    private int[] Inverse()
    {
        var inverse = new int[_position.Length];
        for (int c = 0; c < _position.Length; c++)
            inverse[_position[c]] = c;
        return inverse;
    }

    // Row r moves to row target[r], in place: each cycle of the permutation is followed once, carrying one row.
    private static void Permute(float[] weights, int width, int[] target)
    {
        if ((long)target.Length * width != weights.Length)
            throw new ArgumentException($"A first layer of {target.Length} rows of {width} has {(long)target.Length * width} weights, not {weights.Length}.", nameof(weights));
        var done = new bool[target.Length];
        var carried = new float[width];
        var displaced = new float[width];
        for (int start = 0; start < target.Length; start++)
        {
            if (done[start] || target[start] == start)
                continue;
            weights.AsSpan(start * width, width).CopyTo(carried);
            int row = target[start];
            while (true)
            {
                // carried belongs in row: put it there and carry row's own weights on to where they belong.
                var destination = weights.AsSpan(row * width, width);
                destination.CopyTo(displaced);
                carried.CopyTo(destination);
                (carried, displaced) = (displaced, carried);
                done[row] = true;
                if (row == start)
                    break;
                row = target[row];
            }
        }
    }
}
