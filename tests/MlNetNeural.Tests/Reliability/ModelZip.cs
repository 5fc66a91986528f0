using System.IO.Compression;
using System.Text;

namespace MlNetNeural.Tests.Reliability;

/// <summary>
/// A model zip held in memory as its entries, so that a test can change one entry's bytes and write
/// a new, well-formed zip around it.
/// </summary>
/// <remarks>
/// Each <c>Model.key</c> entry starts with ML.NET's 0x100-byte <c>ModelHeader</c>
/// (Microsoft.ML.Core/Data/ModelHeader.cs): FpModel at 0x10 and CbModel at 0x18 locate the model block
/// (it starts right after the header), ModelVerWritten is at 0x48, ModelVerReadable at 0x4C and the
/// loader signature (24 ASCII bytes) at 0x50. The offsets are checked against the run-time struct in
/// MlNetInternalsTests.
/// </remarks>
public sealed class ModelZip
{
    public const int HeaderSize = 0x100;
    public const int FpModel = 0x10;
    public const int CbModel = 0x18;
    public const int ModelVerWritten = 0x48;
    public const int ModelVerReadable = 0x4C;
    public const int LoaderSignatureAt = 0x50;

    private ModelZip(List<(string Name, byte[] Data)> entries) => Entries = entries;

    /// <summary>The entries in their original order.</summary>
    public List<(string Name, byte[] Data)> Entries { get; }

    public static ModelZip Read(byte[] zipBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        var entries = new List<(string, byte[])>();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            entries.Add((entry.FullName, memory.ToArray()));
        }
        return new ModelZip(entries);
    }

    public ModelZip Clone() => new(Entries.Select(e => (e.Name, (byte[])e.Data.Clone())).ToList());

    /// <summary>Index of the entry whose header names <paramref name="loaderSignature"/>.</summary>
    public int IndexOf(string loaderSignature) => Entries.FindIndex(e =>
        e.Data.Length >= HeaderSize && Encoding.ASCII.GetString(e.Data, LoaderSignatureAt, 24).TrimEnd('\0') == loaderSignature);

    public byte[] ToBytes()
    {
        var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in Entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(data);
            }
        }
        return memory.ToArray();
    }

    /// <summary>
    /// Returns <paramref name="entry"/> with its model block replaced by <paramref name="block"/>, and the
    /// header's later offsets (FpStringTable, FpStringChars, FpTail, FpLim, FpAssemblyName) moved to match,
    /// so that ML.NET's header checks pass and only the block's reader can object.
    /// </summary>
    public static byte[] WithModelBlock(byte[] entry, ReadOnlySpan<byte> block)
    {
        var (start, length) = ModelBlock(entry);
        long shift = block.Length - length;
        var result = entry[..start].Concat(block.ToArray()).Concat(entry[(start + length)..]).ToArray();
        BitConverter.TryWriteBytes(result.AsSpan(CbModel), (long)block.Length);
        foreach (int field in new[] { 0x20, 0x30, 0x80, 0x88, 0x90 })
        {
            long value = BitConverter.ToInt64(result, field);
            if (value != 0)
                BitConverter.TryWriteBytes(result.AsSpan(field), value + shift);
        }
        return result;
    }

    /// <summary>The model block's start and length, as the header of <paramref name="entry"/> declares them.</summary>
    public static (int Start, int Length) ModelBlock(byte[] entry) =>
        ((int)BitConverter.ToInt64(entry, FpModel), (int)BitConverter.ToInt64(entry, CbModel));
}
