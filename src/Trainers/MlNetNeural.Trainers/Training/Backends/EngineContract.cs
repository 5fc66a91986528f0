using System.Numerics;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;

namespace MlNetNeural.Training.Backends;

/// <summary>
/// The argument checks every <see cref="IGradientEngine"/> makes, in one place, so that the managed engine and the
/// TorchSharp engine refuse the same calls with the same messages.
/// </summary>
/// <typeparam name="T">The engine's number type.</typeparam>
internal sealed class EngineContract<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _inputSize;
    private readonly int[] _layerSizes;

    /// <param name="inputSize">The network's inputs.</param>
    /// <param name="layerSizes">Units per layer, the output layer last (copied).</param>
    public EngineContract(int inputSize, IReadOnlyList<int> layerSizes)
    {
        _inputSize = inputSize;
        _layerSizes = [.. layerSizes];
    }

    private int OutputSize => _layerSizes[^1];

    /// <summary>Requires parameters (or gradients) of the engine's shape.</summary>
    public void Parameters(ParameterSet<T> set, string name)
    {
        ArgumentNullException.ThrowIfNull(set, name);
        if (set.InputSize != _inputSize || !set.LayerSizes.SequenceEqual(_layerSizes))
            throw new ArgumentException(
                $"{name} has shape {set.InputSize}→[{string.Join(", ", set.LayerSizes)}] but this engine is {_inputSize}→[{string.Join(", ", _layerSizes)}].", name);
    }

    /// <summary>Requires rows × inputs features, rows × outputs targets and, unless empty, one weight per row.</summary>
    public void Batch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> exampleWeights, int rows)
    {
        Inputs(inputs, rows);
        Exact(targets.Length, rows * OutputSize, nameof(targets));
        if (!exampleWeights.IsEmpty)
            Exact(exampleWeights.Length, rows, nameof(exampleWeights));
    }

    /// <summary>Requires rows × inputs features.</summary>
    public void Inputs(ReadOnlySpan<T> inputs, int rows) => Exact(inputs.Length, rows * _inputSize, nameof(inputs));

    /// <summary>Requires rows × outputs values.</summary>
    public void Outputs(ReadOnlySpan<T> outputs, int rows) => Exact(outputs.Length, rows * OutputSize, nameof(outputs));

    /// <summary>Requires masks (if any) for every hidden layer, at its width, filled for <paramref name="rows"/> rows.</summary>
    public void Dropout(DropoutMasks<T>? dropout, int rows)
    {
        if (dropout is null)
            return;
        if (dropout.LayerCount != _layerSizes.Length - 1)
            throw new ArgumentException($"The dropout masks cover {dropout.LayerCount} hidden layers but the network has {_layerSizes.Length - 1}.", nameof(dropout));
        if (dropout.Rows != rows)
            throw new ArgumentException($"The dropout masks were filled for {dropout.Rows} rows but the batch has {rows}.", nameof(dropout));
        for (int l = 0; l < dropout.LayerCount; l++)
        {
            if (dropout.GetWidth(l) != _layerSizes[l])
                throw new ArgumentException($"The dropout mask of hidden layer {l} has width {dropout.GetWidth(l)} but the layer has {_layerSizes[l]}.", nameof(dropout));
        }
    }

    /// <summary>Requires a span of exactly <paramref name="required"/> values.</summary>
    public static void Exact(int actual, int required, string name)
    {
        if (actual != required)
            throw new ArgumentException($"{name} must have {required} values but has {actual}.", name);
    }
}
