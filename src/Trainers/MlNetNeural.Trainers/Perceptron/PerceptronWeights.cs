using System.Numerics.Tensors;
using MlNetNeural.Data;

namespace MlNetNeural.Perceptron;

/// <summary>One training row as the perceptron reads it: dense values, or the non-zeros of a sparse row.</summary>
internal readonly ref struct PerceptronRow
{
    public PerceptronRow(ReadOnlySpan<float> dense)
    {
        Values = dense;
        IsDense = true;
    }

    public PerceptronRow(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        Indices = indices;
        Values = values;
    }

    public ReadOnlySpan<int> Indices { get; }

    public ReadOnlySpan<float> Values { get; }

    public bool IsDense { get; }

    public static PerceptronRow Of(FeatureRows rows, int row) =>
        rows.IsSparse ? new(rows.Sparse.Indices(row), rows.Sparse.Values(row)) : new(rows.DenseRow(row));

    /// <summary>w·x, costing the row's stored values.</summary>
    public float Dot(ReadOnlySpan<float> weights)
    {
        if (IsDense)
            return TensorPrimitives.Dot(weights, Values);
        float sum = 0;
        for (int i = 0; i < Values.Length; i++)
            sum += weights[Indices[i]] * Values[i];
        return sum;
    }
}

/// <summary>
/// The perceptron's parameters and their running average. Dense rows keep the textbook average (every parameter
/// summed after every example, O(parameters) per example). Sparse rows average lazily: an update Δ at step t also
/// adds t·Δ to <c>weighted</c>, and after T steps the average of the T parameter vectors is ((T+1)·w − weighted)/T,
/// so an example costs only its non-zeros.
/// </summary>
internal sealed class PerceptronWeights
{
    private readonly double[]? _sums;     // dense rows: Σ over steps of the parameters
    private readonly double[]? _weighted; // sparse rows: Σ over updates of step·Δ
    private long _steps;

    public PerceptronWeights(int count, int featureCount, bool averaged, bool lazy)
    {
        Values = new float[count];
        FeatureCount = featureCount;
        if (averaged)
        {
            if (lazy)
                _weighted = new double[count];
            else
                _sums = new double[count];
        }
    }

    public float[] Values { get; }

    /// <summary>Slots per row of the data (a sparse row does not tell it).</summary>
    public int FeatureCount { get; }

    /// <summary>Values[offset + slot] += scale·x over the row's slots.</summary>
    public void AddRow(int offset, in PerceptronRow row, float scale)
    {
        if (row.IsDense)
        {
            var target = Values.AsSpan(offset, row.Values.Length);
            TensorPrimitives.MultiplyAdd(row.Values, scale, target, target);
            return;
        }
        for (int i = 0; i < row.Values.Length; i++)
            Add(offset + row.Indices[i], scale * row.Values[i]);
    }

    /// <summary>Values[index] += delta.</summary>
    public void Add(int index, float delta)
    {
        Values[index] += delta;
        if (_weighted is not null)
            _weighted[index] += (_steps + 1) * (double)delta;
    }

    /// <summary>Ends one example's step (counted into the average).</summary>
    public void EndStep()
    {
        if (_sums is not null)
        {
            for (int i = 0; i < Values.Length; i++)
                _sums[i] += Values[i];
        }
        _steps++;
    }

    /// <summary>The parameters to keep: the average over all steps when averaging, the last ones otherwise.</summary>
    public float[] Result()
    {
        if (_steps == 0)
            return Values;
        if (_sums is not null)
        {
            for (int i = 0; i < Values.Length; i++)
                Values[i] = (float)(_sums[i] / _steps);
        }
        else if (_weighted is not null)
        {
            for (int i = 0; i < Values.Length; i++)
                Values[i] = (float)(((_steps + 1) * (double)Values[i] - _weighted[i]) / _steps);
        }
        return Values;
    }
}
