using System;
using System.Collections.Generic;
using System.Numerics;

namespace MlNetNeural.Neural.Dropout;

/// <summary>
/// Inverted-dropout masks for the hidden layers of one batch: each entry is 0 (unit dropped)
/// or 1/(1 − p) (unit kept, scaled so the expected activation is unchanged).
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
/// <remarks>
/// The training loop owns the random generator and fills the masks with <see cref="Fill"/>;
/// a second backend reads the same masks through <see cref="GetMask"/>, which is what keeps the
/// two step-by-step comparable. The output layer is never dropped. Masks are allocated once
/// for <see cref="MaxRows"/> rows and refilled per batch.
/// </remarks>
public sealed class DropoutMasks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _widths;
    private readonly double[] _rates;
    private readonly T[][] _masks;

    /// <summary>Creates masks with one dropout rate for every hidden layer.</summary>
    /// <param name="hiddenLayerSizes">Width of each hidden layer (all layers but the output layer).</param>
    /// <param name="rate">Probability p of dropping a unit, in [0, 1).</param>
    /// <param name="maxRows">Largest batch the masks will serve.</param>
    /// <exception cref="ArgumentException">A size is not positive or the rate is outside [0, 1).</exception>
    public DropoutMasks(IReadOnlyList<int> hiddenLayerSizes, double rate, int maxRows)
        : this(hiddenLayerSizes, Repeat(rate, hiddenLayerSizes), maxRows)
    {
    }

    /// <summary>Creates masks with a dropout rate per hidden layer.</summary>
    /// <param name="hiddenLayerSizes">Width of each hidden layer (all layers but the output layer).</param>
    /// <param name="rates">Probability p of dropping a unit, per hidden layer, each in [0, 1).</param>
    /// <param name="maxRows">Largest batch the masks will serve.</param>
    /// <exception cref="ArgumentException">A size is not positive, the counts differ, or a rate is outside [0, 1).</exception>
    public DropoutMasks(IReadOnlyList<int> hiddenLayerSizes, IReadOnlyList<double> rates, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(hiddenLayerSizes);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        if (rates.Count != hiddenLayerSizes.Count)
        {
            throw new ArgumentException(
                $"There are {hiddenLayerSizes.Count} hidden layers but {rates.Count} dropout rates.", nameof(rates));
        }

        _widths = new int[hiddenLayerSizes.Count];
        _rates = new double[hiddenLayerSizes.Count];
        _masks = new T[hiddenLayerSizes.Count][];
        for (int l = 0; l < _widths.Length; l++)
        {
            if (hiddenLayerSizes[l] < 1)
            {
                throw new ArgumentException($"Hidden layer {l} has width {hiddenLayerSizes[l]}.", nameof(hiddenLayerSizes));
            }

            if (!(rates[l] >= 0 && rates[l] < 1))
            {
                throw new ArgumentException($"The dropout rate of hidden layer {l} is {rates[l]}; it must be in [0, 1).", nameof(rates));
            }

            _widths[l] = hiddenLayerSizes[l];
            _rates[l] = rates[l];
            _masks[l] = new T[maxRows * _widths[l]];
        }

        MaxRows = maxRows;
    }

    /// <summary>Number of hidden layers covered.</summary>
    public int LayerCount => _widths.Length;

    /// <summary>Largest batch the masks can serve.</summary>
    public int MaxRows { get; }

    /// <summary>Number of rows filled by the last <see cref="Fill"/> or <see cref="Reset"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>Width of hidden layer <paramref name="layer"/>.</summary>
    /// <param name="layer">Hidden layer index.</param>
    /// <returns>The number of units.</returns>
    public int GetWidth(int layer) => _widths[layer];

    /// <summary>Dropout probability of hidden layer <paramref name="layer"/>.</summary>
    /// <param name="layer">Hidden layer index.</param>
    /// <returns>p in [0, 1).</returns>
    public double GetRate(int layer) => _rates[layer];

    /// <summary>The current mask of hidden layer <paramref name="layer"/>, <see cref="Rows"/> × width row-major.</summary>
    /// <param name="layer">Hidden layer index.</param>
    /// <returns>A writable view, so tests and other backends can supply their own masks.</returns>
    public Span<T> GetMask(int layer) => _masks[layer].AsSpan(0, Rows * _widths[layer]);

    /// <summary>
    /// Draws new masks for a batch of <paramref name="rows"/> rows. For each hidden layer in
    /// order, and each entry row-major, one <see cref="Random.NextDouble"/> &lt; p drops the unit.
    /// Layers with p = 0 are set to 1 without drawing, so they do not shift the random stream.
    /// </summary>
    /// <param name="random">The training loop's generator.</param>
    /// <param name="rows">Rows in the batch, 1 to <see cref="MaxRows"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is out of range.</exception>
    public void Fill(Random random, int rows)
    {
        ArgumentNullException.ThrowIfNull(random);
        SetRows(rows);
        for (int l = 0; l < _widths.Length; l++)
        {
            Span<T> mask = GetMask(l);
            double p = _rates[l];
            if (p == 0)
            {
                mask.Fill(T.One);
                continue;
            }

            T keep = T.CreateTruncating(1.0 / (1.0 - p));
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = random.NextDouble() < p ? T.Zero : keep;
            }
        }
    }

    /// <summary>Sets every mask to 1 (nothing dropped) for a batch of <paramref name="rows"/> rows.</summary>
    /// <param name="rows">Rows in the batch, 1 to <see cref="MaxRows"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is out of range.</exception>
    public void Reset(int rows)
    {
        SetRows(rows);
        for (int l = 0; l < _widths.Length; l++)
        {
            GetMask(l).Fill(T.One);
        }
    }

    private void SetRows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxRows);
        Rows = rows;
    }

    private static double[] Repeat(double rate, IReadOnlyList<int> hiddenLayerSizes)
    {
        ArgumentNullException.ThrowIfNull(hiddenLayerSizes);
        var rates = new double[hiddenLayerSizes.Count];
        Array.Fill(rates, rate);
        return rates;
    }
}
