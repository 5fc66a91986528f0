using System;
using System.Buffers;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Threading;
using System.Linq;

namespace MlNetNeural.Neural;

/// <summary>
/// A trained stack of dense layers in float32, used for prediction.
/// </summary>
/// <remarks>
/// Layer l maps a vector of width <see cref="LayerInputSize"/>(l) to one of width
/// <see cref="LayerSizes"/>[l] by z = W·a + b followed by <see cref="Activations"/>[l].
/// Weights are row-major out × in. The last layer's activation is normally
/// <see cref="Activation.Identity"/>, so the outputs are logits or raw regression scores.
/// The network is immutable once constructed (the constructor copies its arguments), so one
/// instance may serve many threads as long as each brings its own scratch buffer. It also keeps a
/// transposed copy of each weight matrix for single-row scoring (<see cref="MatrixVector"/>), which
/// scores every row to the same bits as the batched path and as training's forward pass.
/// </remarks>
public sealed class DenseNetwork
{
    private const int BatchChunkRows = 256;

    private readonly int[] _layerSizes;
    private readonly Activation[] _activations;
    private readonly float[][] _transposedWeights; // Wᵀ (in × out) per layer: the only copy of the weights kept
    private ReadOnlyCollection<ReadOnlyMemory<float>>? _weights; // out × in, made on first request of Weights
    private readonly float[][] _biases;
    private readonly int _maxHiddenSize;

    /// <summary>Creates a network from its shape and parameters, copying every array.</summary>
    /// <param name="inputSize">Number of features the first layer reads; at least 1.</param>
    /// <param name="layerSizes">Output width of each dense layer, the last one being the number of outputs.</param>
    /// <param name="activations">One activation per layer.</param>
    /// <param name="weights">Per layer, row-major (<paramref name="layerSizes"/>[l] × input width of l) values.</param>
    /// <param name="biases">Per layer, <paramref name="layerSizes"/>[l] values.</param>
    /// <exception cref="ArgumentNullException">An argument or one of its arrays is null.</exception>
    /// <exception cref="ArgumentException">A size is not positive, a count or length does not match the
    /// shape, an activation is unknown, or a parameter is NaN or infinite; the message names the layer.</exception>
    public DenseNetwork(
        int inputSize,
        IReadOnlyList<int> layerSizes,
        IReadOnlyList<Activation> activations,
        IReadOnlyList<float[]> weights,
        IReadOnlyList<float[]> biases)
        : this(inputSize, layerSizes, activations, weights, biases, inputMajorFirstLayer: false)
    {
    }

    /// <summary>
    /// Creates a network whose first layer's weights are given input-major (in × out, <paramref name="inputSize"/> rows
    /// of <paramref name="layerSizes"/>[0]), as a trainer on sparse features holds them; the other layers out × in. Every
    /// array is checked as by the constructor. The first layer's array is adopted, not copied — a text model's first layer
    /// can be gigabytes, and a copy would double the memory a fit needs at its end — so the caller hands it over and must
    /// not change it afterwards; every other array is copied.
    /// </summary>
    /// <param name="inputSize">Number of features the first layer reads; at least 1.</param>
    /// <param name="layerSizes">Output width of each dense layer.</param>
    /// <param name="activations">One activation per layer.</param>
    /// <param name="weights">Per layer the weights: layer 0 in × out, the others out × in, row-major.</param>
    /// <param name="biases">Per layer, <paramref name="layerSizes"/>[l] values.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">As for the constructor.</exception>
    public static DenseNetwork WithInputMajorFirstLayer(
        int inputSize,
        IReadOnlyList<int> layerSizes,
        IReadOnlyList<Activation> activations,
        IReadOnlyList<float[]> weights,
        IReadOnlyList<float[]> biases) =>
        new(inputSize, layerSizes, activations, weights, biases, inputMajorFirstLayer: true);

    private DenseNetwork(
        int inputSize,
        IReadOnlyList<int> layerSizes,
        IReadOnlyList<Activation> activations,
        IReadOnlyList<float[]> weights,
        IReadOnlyList<float[]> biases,
        bool inputMajorFirstLayer)
    {
        int layers = CheckShape(inputSize, layerSizes, activations, weights, biases);
        InputSize = inputSize;
        _layerSizes = new int[layers];
        _activations = new Activation[layers];
        _transposedWeights = new float[layers][];
        _biases = new float[layers][];
        int fanIn = inputSize;
        for (int l = 0; l < layers; l++)
        {
            int size = layerSizes[l];
            if (size < 1)
            {
                throw new ArgumentException($"Layer {l} must have at least 1 output but has {size}.", nameof(layerSizes));
            }

            if (!ActivationFunctions.IsDefined(activations[l]))
            {
                throw new ArgumentException($"Layer {l} has unknown activation {(int)activations[l]}.", nameof(activations));
            }

            _layerSizes[l] = size;
            _activations[l] = activations[l];
            Check(weights[l], l, size * fanIn, $"{size} outputs × {fanIn} inputs", "weights", nameof(weights));
            _transposedWeights[l] = l == 0 && inputMajorFirstLayer // adopted: see WithInputMajorFirstLayer
                ? weights[0]
                : MatrixVector.Transpose(weights[l], size, fanIn);
            _biases[l] = (float[])Check(biases[l], l, size, $"{size} outputs", "biases", nameof(biases)).Clone();
            if (l < layers - 1)
            {
                _maxHiddenSize = Math.Max(_maxHiddenSize, size);
            }

            fanIn = size;
        }

        LayerSizes = Array.AsReadOnly(_layerSizes);
        Activations = Array.AsReadOnly(_activations);
        Biases = Array.AsReadOnly(Array.ConvertAll(_biases, b => new ReadOnlyMemory<float>(b)));
    }

    // The arguments' nulls and counts; returns the layer count.
    private static int CheckShape(int inputSize, IReadOnlyList<int> layerSizes, IReadOnlyList<Activation> activations,
        IReadOnlyList<float[]> weights, IReadOnlyList<float[]> biases)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        if (inputSize < 1)
        {
            throw new ArgumentException($"The input size must be at least 1 but is {inputSize}.", nameof(inputSize));
        }

        int layers = layerSizes.Count;
        if (layers == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layerSizes));
        }

        CheckCount(activations.Count, layers, "activations", nameof(activations));
        CheckCount(weights.Count, layers, "weight arrays", nameof(weights));
        CheckCount(biases.Count, layers, "bias arrays", nameof(biases));
        return layers;
    }

    /// <summary>Number of features read by the first layer.</summary>
    public int InputSize { get; }

    /// <summary>Number of values <see cref="Forward(ReadOnlySpan{float}, Span{float}, Span{float})"/> writes per example (the last layer's width).</summary>
    public int OutputSize => _layerSizes[^1];

    /// <summary>Number of dense layers, hidden layers plus the output layer.</summary>
    public int LayerCount => _layerSizes.Length;

    /// <summary>Output width of each layer; the last is <see cref="OutputSize"/>.</summary>
    public ReadOnlyCollection<int> LayerSizes { get; }

    /// <summary>Activation of each layer.</summary>
    public ReadOnlyCollection<Activation> Activations { get; }

    /// <summary>Weights of each layer, row-major out × in.</summary>
    /// <remarks>
    /// The network scores from the transposed weights alone (a text model's first layer can be hundreds of megabytes),
    /// so this out × in copy is made on the first request and kept.
    /// </remarks>
    public ReadOnlyCollection<ReadOnlyMemory<float>> Weights =>
        LazyInitializer.EnsureInitialized(ref _weights, () => Array.AsReadOnly(Enumerable.Range(0, LayerCount)
            .Select(l => new ReadOnlyMemory<float>(MatrixVector.Transpose(_transposedWeights[l], LayerInputSize(l), _layerSizes[l])))
            .ToArray()));

    /// <summary>Biases of each layer, one per output.</summary>
    public ReadOnlyCollection<ReadOnlyMemory<float>> Biases { get; }

    /// <summary>
    /// Number of floats either <c>Forward</c> needs in its scratch span: room for two hidden
    /// layers' activations (the current layer reads one and writes the other), 0 when there is
    /// no hidden layer.
    /// </summary>
    public int ScratchSize => 2 * _maxHiddenSize;

    /// <summary>Width of the vector layer <paramref name="layer"/> reads.</summary>
    /// <param name="layer">Index from 0 to <see cref="LayerCount"/> − 1.</param>
    /// <returns><see cref="InputSize"/> for layer 0, otherwise the previous layer's width.</returns>
    public int LayerInputSize(int layer) => layer == 0 ? InputSize : _layerSizes[layer - 1];

    /// <summary>Runs one example through the network without allocating.</summary>
    /// <param name="input"><see cref="InputSize"/> features.</param>
    /// <param name="output">Receives <see cref="OutputSize"/> values (logits or scores).</param>
    /// <param name="scratch">At least <see cref="ScratchSize"/> floats; contents are overwritten.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> scratch)
    {
        CheckExact(input.Length, InputSize, nameof(input));
        CheckExact(output.Length, OutputSize, nameof(output));
        if (scratch.Length < ScratchSize)
        {
            throw new ArgumentException($"The scratch span needs {ScratchSize} floats but has {scratch.Length}.", nameof(scratch));
        }

        RunRows(input, 1, output, scratch);
    }

    /// <summary>
    /// Runs one sparse example through the network without allocating: the first layer costs its
    /// non-zeros × the first layer's width, independent of <see cref="InputSize"/>. Scores the same bits
    /// as <see cref="Forward(ReadOnlySpan{float}, Span{float}, Span{float})"/> on the dense form of the row.
    /// </summary>
    /// <param name="indices">The non-zero slots, strictly ascending, each below <see cref="InputSize"/>.</param>
    /// <param name="values">The values at <paramref name="indices"/>.</param>
    /// <param name="output">Receives <see cref="OutputSize"/> values (logits or scores).</param>
    /// <param name="scratch">At least <see cref="ScratchSize"/> floats; contents are overwritten.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or an index is out of range or out of order.</exception>
    public void Forward(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> output, Span<float> scratch)
    {
        CheckExact(output.Length, OutputSize, nameof(output));
        if (scratch.Length < ScratchSize)
        {
            throw new ArgumentException($"The scratch span needs {ScratchSize} floats but has {scratch.Length}.", nameof(scratch));
        }

        // SparseMatrixVector checks every index (in range, strictly ascending) before reading.
        Span<float> first = _layerSizes.Length == 1 ? output : scratch.Slice(0, _layerSizes[0]);
        SparseMatrixVector.MultiplyAdd(indices, values, _transposedWeights[0], _biases[0], first);
        ActivationFunctions.Apply(_activations[0], first);
        if (_layerSizes.Length > 1)
        {
            RunRows(first, 1, output, scratch, firstLayer: 1);
        }
    }

    /// <summary>Runs <paramref name="rows"/> examples through the network.</summary>
    /// <param name="inputs">rows × <see cref="InputSize"/> features, row-major.</param>
    /// <param name="rows">Number of examples; may be 0.</param>
    /// <param name="outputs">Receives rows × <see cref="OutputSize"/> values, row-major.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <remarks>Scratch space comes from <see cref="ArrayPool{T}.Shared"/>, so repeated calls do not allocate.</remarks>
    public void ForwardBatch(ReadOnlySpan<float> inputs, int rows, Span<float> outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        CheckExact(inputs.Length, rows * InputSize, nameof(inputs));
        CheckExact(outputs.Length, rows * OutputSize, nameof(outputs));

        int chunk = Math.Min(rows, BatchChunkRows);
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(1, chunk * ScratchSize));
        try
        {
            for (int start = 0; start < rows; start += chunk)
            {
                int n = Math.Min(chunk, rows - start);
                RunRows(
                    inputs.Slice(start * InputSize, n * InputSize),
                    n,
                    outputs.Slice(start * OutputSize, n * OutputSize),
                    scratch);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s weights as held, Wᵀ (input width × outputs), for the explainers' backward pass.</summary>
    internal ReadOnlySpan<float> TransposedWeights(int layer) => _transposedWeights[layer];

    /// <summary>Returns an independent copy with the same shape and parameters.</summary>
    /// <returns>A new network equal to this one.</returns>
    public DenseNetwork Clone() => new(InputSize, _layerSizes, _activations, Weights.Select(w => w.ToArray()).ToArray(), _biases);

    // Ping-pongs between the two halves of scratch; the last layer writes straight to output. One row
    // goes through the matrix-vector kernel, several through the GEMM: both sum in the same order, so a
    // row scores to the same bits alone, in a batch, or in training's forward pass.
    // firstLayer > 0 starts further up: input is then that layer's input, held in scratch's layer-parity half.
    private void RunRows(ReadOnlySpan<float> input, int rows, Span<float> output, Span<float> scratch, int firstLayer = 0)
    {
        int half = rows * _maxHiddenSize;
        ReadOnlySpan<float> current = input;
        int fanIn = LayerInputSize(firstLayer);
        for (int l = firstLayer; l < _layerSizes.Length; l++)
        {
            int size = _layerSizes[l];
            Span<float> next = l == _layerSizes.Length - 1
                ? output
                : scratch.Slice((l % 2) * half, rows * size);
            if (rows == 1)
            {
                MatrixVector.MultiplyAdd(current, _transposedWeights[l], _biases[l], next);
            }
            else
            {
                // Z = A·W + b with B = Wᵀ as stored: the GEMM packs it without transposing, and sums as for W transposed.
                for (int r = 0; r < rows; r++)
                {
                    _biases[l].CopyTo(next.Slice(r * size, size));
                }

                Gemm.Multiply(rows, size, fanIn, current, fanIn, false, _transposedWeights[l], size, false, next, size, accumulate: true);
            }

            ActivationFunctions.Apply(_activations[l], next);
            current = next;
            fanIn = size;
        }
    }

    private static float[] Check(float[]? source, int layer, int length, string shape, string what, string paramName)
    {
        if (source is null)
        {
            throw new ArgumentNullException(paramName, $"The {what} of layer {layer} are null.");
        }

        if (source.Length != length)
        {
            throw new ArgumentException(
                $"The {what} of layer {layer} must have {length} values ({shape}) but have {source.Length}.", paramName);
        }

        for (int i = 0; i < source.Length; i++)
        {
            if (!float.IsFinite(source[i]))
            {
                throw new ArgumentException(
                    $"The {what} of layer {layer} contain the non-finite value {source[i]} at index {i}.", paramName);
            }
        }

        return source;
    }

    private static void CheckCount(int actual, int layers, string what, string paramName)
    {
        if (actual != layers)
        {
            throw new ArgumentException($"There are {layers} layers but {actual} {what}.", paramName);
        }
    }

    private static void CheckExact(int actual, int required, string name)
    {
        if (actual != required)
        {
            throw new ArgumentException($"{name} must have {required} values but has {actual}.", name);
        }
    }
}
