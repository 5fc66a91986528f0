using Microsoft.ML;
using MlNetNeural.Neural;

namespace MlNetNeural.Persistence;

/// <summary>Saves and loads the optional <see cref="InputEncoding"/> block of format <see cref="ModelVersions.WithInputEncoding"/>.</summary>
/// <remarks>
/// *** Binary format ***
/// byte: 0 = no encoding (nothing follows), 1 = an encoding follows
/// int: input size n, n &gt;= 1
/// float[n]: centers, float[n]: scales (finite)
/// int[]: periodic columns, length-prefixed, ascending, each &lt; n
/// int: frequency count K
/// float[p × K]: angular frequencies, float[p × K]: phases (finite)
/// </remarks>
internal static class InputEncodingCodec
{
    public static void Write(ModelSaveContext ctx, InputEncoding? encoding)
    {
        ctx.Writer.Write((byte)(encoding is null ? 0 : 1));
        if (encoding is null)
            return;
        ctx.Writer.Write(encoding.InputSize);
        ctx.WriteSingles(encoding.Centers.ToArray());
        ctx.WriteSingles(encoding.Scales.ToArray());
        ctx.WriteCounts(encoding.PeriodicColumns);
        ctx.Writer.Write(encoding.FrequencyCount);
        ctx.WriteSingles(encoding.AngularFrequencies.ToArray());
        ctx.WriteSingles(encoding.Phases.ToArray());
    }

    /// <summary>Reads the block when the file's format has it (<paramref name="formatVersion"/> ≥ <see cref="ModelVersions.WithInputEncoding"/>).</summary>
    public static InputEncoding? Read(ModelDecoder decoder, uint formatVersion, int encodedSize)
    {
        if (formatVersion < ModelVersions.WithInputEncoding)
            return null;
        if (decoder.ReadByte("InputEncoding.Present", 1) == 0)
            return null;
        int n = decoder.ReadInt32("InputEncoding.InputSize", 1, int.MaxValue);
        var centers = decoder.ReadFiniteSingles("InputEncoding.Centers", n);
        var scales = decoder.ReadFiniteSingles("InputEncoding.Scales", n);
        var periodic = decoder.ReadCounts("InputEncoding.PeriodicColumns");
        int k = decoder.ReadInt32("InputEncoding.FrequencyCount", 0, int.MaxValue);
        long values = (long)periodic.Length * k;
        if (n + values != encodedSize)
            throw decoder.Corrupt("InputEncoding", $"encodes {n} features into {n + values} values but the network reads {encodedSize}");
        var frequencies = decoder.ReadFiniteSingles("InputEncoding.AngularFrequencies", values);
        var phases = decoder.ReadFiniteSingles("InputEncoding.Phases", values);
        try
        {
            return new InputEncoding(centers, scales, periodic, k, frequencies, phases);
        }
        catch (ArgumentException e)
        {
            throw decoder.Corrupt("InputEncoding", e.Message);
        }
    }
}
