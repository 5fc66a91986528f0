using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using MlNetNeural.Memory;

namespace MlNetNeural.Neural;

/// <summary>
/// The weights and biases of a dense network (or gradients, or optimizer state of the same
/// shape), in the layout of <see cref="DenseNetwork"/>: layer l has <see cref="Weights"/>[l]
/// row-major out × in and <see cref="Biases"/>[l] of length out.
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
/// <remarks>
/// The arrays are deliberately exposed: optimizers and backends update them in place. The
/// shape (array count and lengths) never changes after construction.
/// </remarks>
public sealed class ParameterSet<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _layerSizes;

    /// <summary>Creates a zero-filled set for the given shape.</summary>
    /// <param name="inputSize">Width of the network input; at least 1.</param>
    /// <param name="layerSizes">Output width of each layer; at least one layer, each at least 1.</param>
    /// <exception cref="ArgumentException">A size is not positive or there are no layers.</exception>
    public ParameterSet(int inputSize, IReadOnlyList<int> layerSizes)
        : this(inputSize, layerSizes, firstWeights: true)
    {
    }

    // firstWeights false leaves the first weight matrix empty: a set that holds everything but a sparse fit's first
    // layer (its gradients, its best epoch's copy), which may be gigabytes and is kept row by row elsewhere.
    private ParameterSet(int inputSize, IReadOnlyList<int> layerSizes, bool firstWeights)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        _layerSizes = CheckShape(inputSize, layerSizes);
        InputSize = inputSize;
        Weights = new T[_layerSizes.Length][];
        Biases = new T[_layerSizes.Length][];
        for (int l = 0; l < _layerSizes.Length; l++)
        {
            Weights[l] = l == 0 && !firstWeights ? [] : LargeArrays.Zeroed<T>(_layerSizes[l] * LayerInputSize(l));
            Biases[l] = new T[_layerSizes[l]];
        }

        LayerSizes = Array.AsReadOnly(_layerSizes);
    }

    /// <summary>A zero-filled set whose first weight matrix is empty (see the private constructor); never allocates it.</summary>
    internal static ParameterSet<T> WithoutFirstWeights(int inputSize, IReadOnlyList<int> layerSizes) => new(inputSize, layerSizes, firstWeights: false);

    /// <summary>Wraps existing arrays (not copied) after checking they fit the shape.</summary>
    /// <param name="inputSize">Width of the network input; at least 1.</param>
    /// <param name="layerSizes">Output width of each layer.</param>
    /// <param name="weights">Per layer, out × in values; owned by the new set afterwards.</param>
    /// <param name="biases">Per layer, out values; owned by the new set afterwards.</param>
    /// <exception cref="ArgumentException">An array count or length does not fit the shape; the message names the layer.</exception>
    public ParameterSet(int inputSize, IReadOnlyList<int> layerSizes, T[][] weights, T[][] biases)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        _layerSizes = CheckShape(inputSize, layerSizes);
        InputSize = inputSize;
        if (weights.Length != _layerSizes.Length || biases.Length != _layerSizes.Length)
        {
            throw new ArgumentException(
                $"There are {_layerSizes.Length} layers but {weights.Length} weight arrays and {biases.Length} bias arrays.",
                nameof(weights));
        }

        for (int l = 0; l < _layerSizes.Length; l++)
        {
            int needW = _layerSizes[l] * LayerInputSize(l);
            if (weights[l] is null || weights[l].Length != needW)
            {
                throw new ArgumentException(
                    $"The weights of layer {l} must have {needW} values but have {weights[l]?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"}.",
                    nameof(weights));
            }

            if (biases[l] is null || biases[l].Length != _layerSizes[l])
            {
                throw new ArgumentException(
                    $"The biases of layer {l} must have {_layerSizes[l]} values but have {biases[l]?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"}.",
                    nameof(biases));
            }
        }

        Weights = weights;
        Biases = biases;
        LayerSizes = Array.AsReadOnly(_layerSizes);
    }

    /// <summary>Width of the network input.</summary>
    public int InputSize { get; }

    /// <summary>Output width of each layer.</summary>
    public ReadOnlyCollection<int> LayerSizes { get; }

    /// <summary>Number of layers.</summary>
    public int LayerCount => _layerSizes.Length;

    /// <summary>Weights per layer, row-major out × in.</summary>
    public T[][] Weights { get; }

    /// <summary>Biases per layer.</summary>
    public T[][] Biases { get; }

    /// <summary>Number of arrays <see cref="GetArray"/> serves: two per layer.</summary>
    public int ArrayCount => 2 * _layerSizes.Length;

    /// <summary>Total number of scalars in all arrays.</summary>
    public long Count
    {
        get
        {
            long n = 0;
            for (int l = 0; l < _layerSizes.Length; l++)
            {
                n += Weights[l].Length + Biases[l].Length;
            }

            return n;
        }
    }

    /// <summary>Width of the vector layer <paramref name="layer"/> reads.</summary>
    /// <param name="layer">Index from 0 to <see cref="LayerCount"/> − 1.</param>
    /// <returns><see cref="InputSize"/> for layer 0, otherwise the previous layer's width.</returns>
    public int LayerInputSize(int layer) => layer == 0 ? InputSize : _layerSizes[layer - 1];

    /// <summary>
    /// Array number <paramref name="index"/> in the order weights 0, biases 0, weights 1, …,
    /// without allocating (optimizers call this every step).
    /// </summary>
    /// <param name="index">From 0 to <see cref="ArrayCount"/> − 1.</param>
    /// <returns>The array and whether it holds weights (true) or biases (false).</returns>
    public (T[] Values, bool IsWeight) GetArray(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ArrayCount);
        int layer = index / 2;
        return index % 2 == 0 ? (Weights[layer], true) : (Biases[layer], false);
    }

    /// <summary>All arrays in <see cref="GetArray"/> order, each flagged weight or bias.</summary>
    /// <returns>The arrays themselves, not copies.</returns>
    public IEnumerable<(T[] Values, bool IsWeight)> Arrays()
    {
        for (int i = 0; i < ArrayCount; i++)
        {
            yield return GetArray(i);
        }
    }

    /// <summary>Sets every value to zero.</summary>
    public void Clear()
    {
        for (int l = 0; l < _layerSizes.Length; l++)
        {
            Array.Clear(Weights[l]);
            Array.Clear(Biases[l]);
        }
    }

    /// <summary>Copies every value into <paramref name="destination"/>, which must have the same shape.</summary>
    /// <param name="destination">The set to overwrite.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void CopyTo(ParameterSet<T> destination)
    {
        EnsureSameShape(destination, nameof(destination));
        for (int l = 0; l < _layerSizes.Length; l++)
        {
            Weights[l].CopyTo(destination.Weights[l], 0);
            Biases[l].CopyTo(destination.Biases[l], 0);
        }
    }

    /// <summary>A deep copy.</summary>
    /// <returns>A new set with the same shape and values.</returns>
    public ParameterSet<T> Clone()
    {
        var copy = new ParameterSet<T>(InputSize, _layerSizes);
        CopyTo(copy);
        return copy;
    }

    /// <summary>A deep copy converted element by element to another floating-point type.</summary>
    /// <typeparam name="TOther">The target type, e.g. double for a gradient check of float weights.</typeparam>
    /// <returns>A new set with the same shape.</returns>
    public ParameterSet<TOther> ConvertTo<TOther>()
        where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var result = new ParameterSet<TOther>(InputSize, _layerSizes);
        for (int l = 0; l < _layerSizes.Length; l++)
        {
            Convert(Weights[l], result.Weights[l]);
            Convert(Biases[l], result.Biases[l]);
        }

        return result;
    }

    /// <summary>Whether <paramref name="other"/> has the same input size and layer sizes.</summary>
    /// <param name="other">The set to compare with.</param>
    /// <returns><see langword="true"/> if every array has the same length as its counterpart.</returns>
    public bool HasSameShape(ParameterSet<T> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.InputSize == InputSize && other._layerSizes.AsSpan().SequenceEqual(_layerSizes);
    }

    /// <summary>Throws unless <paramref name="other"/> has the same shape.</summary>
    /// <param name="other">The set to compare with.</param>
    /// <param name="paramName">Name reported in the exception.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void EnsureSameShape(ParameterSet<T> other, string paramName)
    {
        if (!HasSameShape(other))
        {
            throw new ArgumentException(
                $"{paramName} has shape {other.InputSize}→[{string.Join(", ", other._layerSizes)}] " +
                $"but {InputSize}→[{string.Join(", ", _layerSizes)}] is required.",
                paramName);
        }
    }

    private static void Convert<TOther>(T[] source, TOther[] destination)
        where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = TOther.CreateTruncating(source[i]);
        }
    }

    private static int[] CheckShape(int inputSize, IReadOnlyList<int> layerSizes)
    {
        if (inputSize < 1)
        {
            throw new ArgumentException($"The input size must be at least 1 but is {inputSize}.", nameof(inputSize));
        }

        if (layerSizes.Count == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layerSizes));
        }

        var sizes = new int[layerSizes.Count];
        for (int l = 0; l < sizes.Length; l++)
        {
            sizes[l] = layerSizes[l] >= 1
                ? layerSizes[l]
                : throw new ArgumentException($"Layer {l} must have at least 1 output but has {layerSizes[l]}.", nameof(layerSizes));
        }

        return sizes;
    }
}
