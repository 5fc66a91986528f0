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
    /// Scores one row into <paramref name="output"/>. Without an encoding a sparse row goes through the sparse
    /// first layer (cost: its non-zeros); with one, the row is encoded densely first (the encoding maps 0 to non-zero values).
    /// </summary>
    public void Run(in VBuffer<float> features, Span<float> output)
    {
        if (_encoding is null)
        {
            FeatureVectors.Forward(_network, features, output, _scratch);
            return;
        }

        FeatureVectors.CheckLength(features, _encoding.InputSize);
        features.CopyTo(_raw);
        _encoding.Encode(_raw, _encoded);
        _network.Forward(_encoded, output, _scratch);
    }
}
