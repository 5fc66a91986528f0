using Microsoft.ML.Data;
using MlNetNeural.Neural;

namespace MlNetNeural.Persistence;

/// <summary>
/// One scorer's buffers for a network behind an optional <see cref="InputEncoding"/>: allocated once,
/// reused for every row. Not thread-safe; each mapper or cursor makes its own.
/// </summary>
internal sealed class EncodedForward
{
    private readonly DenseNetwork _network;
    private readonly InputEncoding? _encoding;
    private readonly float[] _scratch;
    private readonly float[] _raw;
    private readonly float[] _encoded;
    private float[] _sparseValues = new float[64]; // grows to the longest sparse row seen, then never again

    public EncodedForward(DenseNetwork network, InputEncoding? encoding)
    {
        _network = network;
        _encoding = encoding;
        _scratch = new float[Math.Max(1, network.ScratchSize)];
        _raw = encoding is null ? [] : new float[encoding.InputSize];
        _encoded = encoding is null ? [] : new float[encoding.EncodedSize];
    }

    /// <summary>The raw feature count a row must have.</summary>
    public int InputSize => _encoding?.InputSize ?? _network.InputSize;

    /// <summary>
    /// Scores one row into <paramref name="output"/>. A sparse row goes through the sparse first layer (cost: its
    /// non-zeros) unless the encoding maps 0 to non-zero values; then it is encoded densely first.
    /// </summary>
    public void Run(in VBuffer<float> features, Span<float> output)
    {
        if (_encoding is null)
        {
            FeatureVectors.Forward(_network, features, output, _scratch);
            return;
        }

        FeatureVectors.CheckLength(features, _encoding.InputSize);
        if (!features.IsDense && _encoding.PreservesZeros)
        {
            // Scaling without centring keeps zeros zero: the sparse first layer still costs only the non-zeros.
            var values = features.GetValues();
            if (_sparseValues.Length < values.Length)
                _sparseValues = new float[Math.Max(values.Length, 2 * _sparseValues.Length)];
            var encodedValues = _sparseValues.AsSpan(0, values.Length);
            _encoding.EncodeSparseValues(features.GetIndices(), values, encodedValues);
            _network.Forward(features.GetIndices(), encodedValues, output, _scratch);
            return;
        }

        features.CopyTo(_raw);
        _encoding.Encode(_raw, _encoded);
        _network.Forward(_encoded, output, _scratch);
    }
}
