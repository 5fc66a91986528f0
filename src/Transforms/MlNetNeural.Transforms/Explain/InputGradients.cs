using MlNetNeural.Neural;

namespace MlNetNeural.Explain;

/// <summary>
/// Gradients of a network's outputs with respect to its raw features (through the model's <see cref="InputEncoding"/>),
/// for a batch of points: one forward pass that keeps every layer's values, then one backward pass per output
/// direction asked for. The buffers grow to the largest batch and sparse row seen and are reused, so a warmed-up
/// instance does not allocate. Not thread-safe: each contribution mapper makes its own.
/// </summary>
/// <remarks>
/// Dense points go through the GEMM, as the batched scorer does. Sparse points that share one set of slots
/// (the straight path from the zero vector to a sparse row) go through the sparse first layer, and the input gradient
/// is computed at those slots only — a row of Wᵀ per slot — so a text model's 100,000-slot first layer costs the row's
/// non-zeros, as it does when scoring.
/// </remarks>
internal sealed class InputGradients
{
    private readonly DenseNetwork _network;
    private readonly InputEncoding? _encoding;
    private readonly int _maxWidth;
    private int _capacityRows;
    private float[][] _outputs = [];         // per layer: rows × size, after the activation
    private float[]?[] _preActivations = []; // per layer: rows × size before the activation, where its derivative needs it
    private float[] _deltaA = [], _deltaB = [];
    private float[] _encodedGradient = [];   // rows × the network's input width (dense points)
    private float[] _encoded = [];           // rows × encoded width (dense points behind an encoding)
    private float[] _sparseValues = [];      // rows × non-zeros (sparse points, encoded values)
    private int _rows;
    private int _sparseCount = -1;           // non-zeros per point of the current sparse batch; -1 for dense points

    public InputGradients(DenseNetwork network, InputEncoding? encoding)
    {
        _network = network;
        _encoding = encoding;
        _maxWidth = network.LayerSizes.Max();
    }

    /// <summary>Raw features a point has.</summary>
    public int InputSize => _encoding?.InputSize ?? _network.InputSize;

    /// <summary>The network's outputs at the points of the last forward pass, rows × outputs.</summary>
    public ReadOnlySpan<float> Outputs => _outputs[^1].AsSpan(0, _rows * _network.OutputSize);

    /// <summary>Runs <paramref name="rows"/> dense points (rows × <see cref="InputSize"/>) forward, keeping every layer's values.</summary>
    public void ForwardDense(ReadOnlySpan<float> points, int rows)
    {
        Reserve(rows);
        _rows = rows;
        _sparseCount = -1;
        ReadOnlySpan<float> input = points;
        if (_encoding is not null)
        {
            Span<float> encoded = _encoded.AsSpan(0, rows * _encoding.EncodedSize);
            _encoding.EncodeRows(points, rows, encoded);
            input = encoded;
        }

        RunLayers(input, firstLayer: 0);
    }

    /// <summary>
    /// Runs <paramref name="rows"/> sparse points forward that share the slots <paramref name="indices"/>;
    /// <paramref name="values"/> holds rows × indices.Length raw values. Only for an encoding that
    /// <see cref="InputEncoding.PreservesZeros"/> (or none).
    /// </summary>
    public void ForwardSparse(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, int rows)
    {
        int nonZeros = indices.Length;
        Reserve(rows);
        if (_sparseValues.Length < rows * nonZeros)
            _sparseValues = new float[Math.Max(rows * nonZeros, 2 * _sparseValues.Length)];
        _rows = rows;
        _sparseCount = nonZeros;
        int size = _network.LayerSizes[0];
        Span<float> first = _outputs[0].AsSpan(0, rows * size);
        for (int r = 0; r < rows; r++)
        {
            Span<float> encoded = _sparseValues.AsSpan(r * nonZeros, nonZeros);
            if (_encoding is null)
                values.Slice(r * nonZeros, nonZeros).CopyTo(encoded);
            else
                _encoding.EncodeSparseValues(indices, values.Slice(r * nonZeros, nonZeros), encoded);
            SparseMatrixVector.MultiplyAdd(indices, encoded, _network.TransposedWeights(0), _network.Biases[0].Span, first.Slice(r * size, size));
        }

        FinishLayer(0, first);
        if (_network.LayerCount > 1)
            RunLayers(first, firstLayer: 1);
    }

    /// <summary>
    /// The gradient of Σₖ outputWeights[k]·output[k] with respect to the raw features at each point of the last forward
    /// pass: rows × <see cref="InputSize"/> after <see cref="ForwardDense"/>, rows × the shared slots after
    /// <see cref="ForwardSparse"/> (indices as passed there).
    /// </summary>
    public void Backward(ReadOnlySpan<float> outputWeights, ReadOnlySpan<int> sparseIndices, Span<float> gradients)
    {
        int rows = _rows;
        int layers = _network.LayerCount;
        int outputSize = _network.OutputSize;
        Span<float> delta = _deltaA.AsSpan(0, rows * outputSize);
        for (int r = 0; r < rows; r++)
            outputWeights.CopyTo(delta.Slice(r * outputSize, outputSize));
        MultiplyByDerivative(layers - 1, delta);

        bool inA = true;
        for (int l = layers - 1; l >= 1; l--)
        {
            int size = _network.LayerSizes[l], fanIn = _network.LayerSizes[l - 1];
            Span<float> previous = (inA ? _deltaB : _deltaA).AsSpan(0, rows * fanIn);
            // δ_in (rows × in) = δ (rows × out) · W (out × in), W read from Wᵀ as stored.
            Gemm.Multiply(rows, fanIn, size, delta, size, false, _network.TransposedWeights(l), size, true, previous, fanIn, accumulate: false);
            MultiplyByDerivative(l - 1, previous);
            delta = previous;
            inA = !inA;
        }

        int firstSize = _network.LayerSizes[0];
        ReadOnlySpan<float> firstWeights = _network.TransposedWeights(0); // input width × first layer's size
        if (_sparseCount >= 0)
        {
            int nonZeros = _sparseCount;
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> d = delta.Slice(r * firstSize, firstSize);
                Span<float> g = gradients.Slice(r * nonZeros, nonZeros);
                for (int j = 0; j < nonZeros; j++)
                    g[j] = System.Numerics.Tensors.TensorPrimitives.Dot(d, firstWeights.Slice(sparseIndices[j] * firstSize, firstSize));
                if (_encoding is not null)
                    ChainSparse(sparseIndices, _sparseValues.AsSpan(r * nonZeros, nonZeros), g);
            }

            return;
        }

        int width = _network.InputSize;
        Span<float> encodedGradient = _encoding is null ? gradients.Slice(0, rows * width) : _encodedGradient.AsSpan(0, rows * width);
        Gemm.Multiply(rows, width, firstSize, delta, firstSize, false, firstWeights, firstSize, true, encodedGradient, width, accumulate: false);
        if (_encoding is not null)
        {
            for (int r = 0; r < rows; r++)
                ChainDense(_encoded.AsSpan(r * width, width), encodedGradient.Slice(r * width, width), gradients.Slice(r * InputSize, InputSize));
        }
    }

    // From ∂/∂(encoded values) to ∂/∂(raw features) for one dense point: the periodic features' −ω·sin(ω·e + φ) added to
    // their column's clipped value, then the clipping's and scaling's derivative.
    private void ChainDense(ReadOnlySpan<float> encoded, ReadOnlySpan<float> encodedGradient, Span<float> gradient)
    {
        var encoding = _encoding!;
        int n = encoding.InputSize, k = encoding.FrequencyCount;
        encodedGradient.Slice(0, n).CopyTo(gradient);
        var columns = encoding.PeriodicColumns;
        var frequencies = encoding.AngularFrequencies;
        var phases = encoding.Phases;
        for (int p = 0, offset = n; p < columns.Count; p++, offset += k)
        {
            int column = columns[p];
            float e = encoded[column], sum = 0;
            for (int f = 0; f < k; f++)
            {
                float omega = frequencies[p * k + f];
                sum -= encodedGradient[offset + f] * omega * MathF.Sin(omega * e + phases[p * k + f]);
            }

            gradient[column] += sum;
        }

        for (int i = 0; i < n; i++)
            gradient[i] *= ClipSlopeFromClipped(encoded[i]) * encoding.Scales[i];
    }

    // The same for a sparse point behind a zero-preserving encoding (no periodic features): the clipping's and scaling's slope per slot.
    private void ChainSparse(ReadOnlySpan<int> indices, ReadOnlySpan<float> clipped, Span<float> gradient)
    {
        var scales = _encoding!.Scales;
        for (int j = 0; j < gradient.Length; j++)
            gradient[j] *= ClipSlopeFromClipped(clipped[j]) * scales[indices[j]];
    }

    /// <summary>
    /// The slope of the smooth clipping e = z / √(1 + (z/3)²) from its output: de/dz = (1 + (z/3)²)^(−3/2) = (1 − (e/3)²)^(3/2),
    /// since 1 − (e/3)² = 1 / (1 + (z/3)²).
    /// </summary>
    internal static float ClipSlopeFromClipped(float e)
    {
        float r = 1f - e * e * (1f / (InputEncoding.ClipRadius * InputEncoding.ClipRadius));
        return r <= 0 ? 0 : r * MathF.Sqrt(r);
    }

    private void RunLayers(ReadOnlySpan<float> input, int firstLayer)
    {
        int rows = _rows;
        ReadOnlySpan<float> current = input;
        int fanIn = _network.LayerInputSize(firstLayer);
        for (int l = firstLayer; l < _network.LayerCount; l++)
        {
            int size = _network.LayerSizes[l];
            Span<float> z = _outputs[l].AsSpan(0, rows * size);
            ReadOnlySpan<float> bias = _network.Biases[l].Span;
            for (int r = 0; r < rows; r++)
                bias.CopyTo(z.Slice(r * size, size));
            Gemm.Multiply(rows, size, fanIn, current, fanIn, false, _network.TransposedWeights(l), size, false, z, size, accumulate: true);
            FinishLayer(l, z);
            current = z;
            fanIn = size;
        }
    }

    private void FinishLayer(int layer, Span<float> z)
    {
        var activation = _network.Activations[layer];
        if (ActivationFunctions.NeedsPreActivation(activation))
            z.CopyTo(_preActivations[layer]);
        ActivationFunctions.Apply(activation, z);
    }

    private void MultiplyByDerivative(int layer, Span<float> delta)
    {
        int length = _rows * _network.LayerSizes[layer];
        ReadOnlySpan<float> pre = _preActivations[layer] is { } p ? p.AsSpan(0, length) : default;
        ActivationFunctions.MultiplyByDerivative(_network.Activations[layer], pre, _outputs[layer].AsSpan(0, length), delta);
    }

    private void Reserve(int rows)
    {
        if (rows <= _capacityRows)
            return;
        int layers = _network.LayerCount;
        _outputs = new float[layers][];
        _preActivations = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            int size = _network.LayerSizes[l];
            _outputs[l] = new float[rows * size];
            _preActivations[l] = ActivationFunctions.NeedsPreActivation(_network.Activations[l]) ? new float[rows * size] : null;
        }

        _deltaA = new float[rows * _maxWidth];
        _deltaB = new float[rows * _maxWidth];
        _encodedGradient = _encoding is null ? [] : new float[rows * _network.InputSize];
        _encoded = _encoding is null ? [] : new float[rows * _encoding.EncodedSize];
        _capacityRows = rows;
    }
}
