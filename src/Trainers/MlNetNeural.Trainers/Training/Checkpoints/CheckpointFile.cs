using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Training.Checkpoints;

/// <summary>
/// The checkpoint file: a header (magic, version, seed), the fingerprint, the epochs so far, the random generator's
/// state and the rows' shuffle order (each epoch shuffles the last one's), the weights, the optimizer's state, the best and fallback weights, and a SHA-256 of everything before it.
/// A file is written to a temporary name beside the target and renamed over it, so the target is always a whole
/// checkpoint; a file read is first checked against its hash, so a truncated or altered one is refused before any of
/// it is used. Little-endian throughout (every platform .NET runs training on).
/// </summary>
internal static class CheckpointFile
{
    private const int Version = 1;
    private const int HashBytes = 32;
    private const int MaxText = 1 << 16; // no option name or value is near this; a longer one is a damaged file
    private static readonly byte[] Magic = "MLNNCKPT"u8.ToArray();

    /// <summary>Everything a checkpoint holds besides the weights and optimizer state, which are read in place.</summary>
    public sealed record Contents(int Seed, CheckpointFingerprint Fingerprint, int ProcessorCount, int EpochsDone,
        IReadOnlyList<EpochRecord> Epochs, int[] RandomState, int[] RowOrder, BestSection? Best, ParameterSet<float>? Fallback);

    /// <summary>The best weights as <see cref="BestWeights.Difference"/> describes them.</summary>
    public sealed record BestSection(float[][] LaterArrays, List<(int Row, float[] Values)> FirstLayerRows);

    public static void Write(string path, Contents contents, ParameterSet<float> parameters, Optimizer<float> optimizer,
        IReadOnlyList<OptimizerParameter<float>> optimizerParameters)
    {
        string full = Path.GetFullPath(path);
        string temporary = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                using var hashing = new HashingStream(file);
                using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
                    WriteBody(writer, contents, parameters, optimizer, optimizerParameters);
                file.Write(hashing.Hash());
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The seed a checkpoint's fit used, read from its header (the rest is checked when it is read).</summary>
    public static int ReadSeed(string path)
    {
        using var file = File.OpenRead(path);
        var header = new byte[Magic.Length + 8];
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Damaged(path, "it does not start as a checkpoint does");
        return BitConverter.ToInt32(header, Magic.Length + 4);
    }

    /// <summary>
    /// Checks the file's hash, then reads it: the weights into <paramref name="parameters"/> and the optimizer's state
    /// into <paramref name="optimizer"/>, whose shapes the file must match. Throws <see cref="InvalidDataException"/>
    /// naming the file when it is damaged or not a checkpoint of this network.
    /// </summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="parameters">Receives the weights.</param>
    /// <param name="optimizer">Receives its state.</param>
    /// <param name="optimizerParameters">The parameters the optimizer steps.</param>
    /// <param name="maxEpochs">The most epochs the fit runs.</param>
    /// <param name="rowCount">The training rows, which the saved shuffle order must order.</param>
    /// <param name="checkFingerprint">Called with the checkpoint's fingerprint before anything else is read; throws if it does not match the fit.</param>
    public static Contents Read(string path, ParameterSet<float> parameters, Optimizer<float> optimizer,
        IReadOnlyList<OptimizerParameter<float>> optimizerParameters, int maxEpochs, int rowCount, Action<CheckpointFingerprint> checkFingerprint)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        if (file.Length < Magic.Length + 4 + HashBytes)
            throw Damaged(path, $"it is {file.Length} bytes long, shorter than any checkpoint");
        VerifyHash(path, file);
        file.Position = 0;
        using var reader = new BinaryReader(new BoundedStream(file, file.Length - HashBytes), Encoding.UTF8);
        try
        {
            return ReadBody(reader, parameters, optimizer, optimizerParameters, maxEpochs, rowCount, checkFingerprint, path);
        }
        catch (EndOfStreamException)
        {
            throw Damaged(path, "it ends before its contents do");
        }
    }

    private static void WriteBody(BinaryWriter writer, Contents contents, ParameterSet<float> parameters, Optimizer<float> optimizer,
        IReadOnlyList<OptimizerParameter<float>> optimizerParameters)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Checkpoints are written little-endian only.");
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(contents.Seed);
        writer.Write(contents.Fingerprint.Entries.Count);
        foreach (var (name, value) in contents.Fingerprint.Entries)
        {
            writer.Write(name);
            writer.Write(value);
        }
        writer.Write(contents.ProcessorCount);
        writer.Write(contents.EpochsDone);
        writer.Write(contents.Epochs.Count);
        foreach (var e in contents.Epochs)
        {
            writer.Write(e.Epoch);
            writer.Write(e.TrainingLoss);
            writer.Write(e.ValidationLoss);
            writer.Write(e.ValidationMetric);
            writer.Write(e.LearningRate);
            writer.Write(e.Seconds);
        }
        foreach (int word in contents.RandomState)
            writer.Write(word);
        writer.Write(contents.RowOrder.Length);
        writer.Write(MemoryMarshal.AsBytes(contents.RowOrder.AsSpan()));
        WriteArrays(writer, parameters);
        writer.Write(optimizer.HasState ? optimizer.StepCount : 0);
        if (optimizer.HasState)
        {
            for (int p = 0; p < optimizerParameters.Count; p++)
            {
                for (int b = 0; b < optimizer.BuffersPerParameter; b++)
                    writer.Write(MemoryMarshal.AsBytes(optimizer.StateOf(p, b)));
            }
        }
        writer.Write(contents.Best is not null);
        if (contents.Best is { } best)
        {
            foreach (var array in best.LaterArrays)
                writer.Write(MemoryMarshal.AsBytes(array.AsSpan()));
            writer.Write(best.FirstLayerRows.Count);
            foreach (var (row, values) in best.FirstLayerRows)
            {
                writer.Write(row);
                writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            }
        }
        writer.Write(contents.Fallback is not null);
        if (contents.Fallback is { } fallback)
            WriteArrays(writer, fallback);
    }

    private static Contents ReadBody(BinaryReader reader, ParameterSet<float> parameters, Optimizer<float> optimizer,
        IReadOnlyList<OptimizerParameter<float>> optimizerParameters, int maxEpochs, int rowCount, Action<CheckpointFingerprint> checkFingerprint, string path)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw Damaged(path, "it does not start as a checkpoint does");
        int version = reader.ReadInt32();
        if (version != Version)
            throw Damaged(path, $"it is format version {version}; this version of MlNetNeural reads version {Version}");
        int seed = reader.ReadInt32();
        int entries = Count(reader, MaxText, path, "fingerprint entries");
        var fingerprint = new List<KeyValuePair<string, string>>(entries);
        for (int i = 0; i < entries; i++)
            fingerprint.Add(new(Text(reader, path), Text(reader, path)));
        checkFingerprint(new CheckpointFingerprint(fingerprint));
        int processorCount = reader.ReadInt32();
        int epochsDone = Count(reader, maxEpochs, path, "epochs done");
        int recorded = Count(reader, int.MaxValue - 1, path, "epoch records");
        var epochs = new List<EpochRecord>();
        for (int i = 0; i < recorded; i++)
            epochs.Add(new EpochRecord(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble()));
        var randomState = new int[ResumableRandom.StateWords + 2];
        for (int i = 0; i < randomState.Length; i++)
            randomState[i] = reader.ReadInt32();
        var order = ReadOrder(reader, rowCount, path);
        ReadArrays(reader, parameters, path, "weights");
        ReadOptimizerState(reader, optimizer, optimizerParameters, path);
        var best = reader.ReadBoolean() ? ReadBest(reader, parameters, path) : null;
        ParameterSet<float>? fallback = null;
        if (reader.ReadBoolean())
        {
            fallback = new ParameterSet<float>(parameters.InputSize, parameters.LayerSizes);
            ReadArrays(reader, fallback, path, "fallback weights");
        }
        if (reader.BaseStream.Position != reader.BaseStream.Length)
            throw Damaged(path, "it has bytes after its contents");
        var restored = new ResumableRandom(0);
        restored.RestoreState(randomState); // refuses a state the generator cannot be in
        return new Contents(seed, new CheckpointFingerprint(fingerprint), processorCount, epochsDone, epochs, randomState, order, best, fallback);
    }

    private static int[] ReadOrder(BinaryReader reader, int rowCount, string path)
    {
        int orderLength = reader.ReadInt32();
        if (orderLength != rowCount) // checked before allocating: a crafted count must not allocate gigabytes
            throw Damaged(path, $"its shuffle order has {orderLength} rows where this fit trains on {rowCount}");
        var order = new int[rowCount];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(order.AsSpan()));
        var seen = new bool[rowCount];
        foreach (int row in order)
        {
            if ((uint)row >= (uint)rowCount || seen[row])
                throw Damaged(path, "its shuffle order is not an order of the training rows");
            seen[row] = true;
        }
        return order;
    }

    private static void ReadOptimizerState(BinaryReader reader, Optimizer<float> optimizer, IReadOnlyList<OptimizerParameter<float>> optimizerParameters, string path)
    {
        long steps = reader.ReadInt64();
        if (steps < 0)
            throw Damaged(path, $"its optimizer step count is {steps}");
        if (steps == 0)
            return;
        optimizer.PrepareRestore(optimizerParameters, steps);
        for (int p = 0; p < optimizerParameters.Count; p++)
        {
            for (int b = 0; b < optimizer.BuffersPerParameter; b++)
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(optimizer.StateToRestore(p, b)));
        }
    }

    // The best epoch's weights as the difference from the checkpoint's: every later array, and the first-layer rows that differ.
    private static BestSection ReadBest(BinaryReader reader, ParameterSet<float> parameters, string path)
    {
        var later = Enumerable.Range(1, parameters.ArrayCount - 1).Select(i => ReadFloats(reader, parameters.GetArray(i).Values.Length)).ToArray();
        int width = parameters.LayerSizes[0];
        int rows = Count(reader, parameters.Weights[0].Length / width, path, "best-epoch rows");
        var firstRows = new List<(int, float[])>(rows);
        for (int i = 0; i < rows; i++)
        {
            int row = Count(reader, parameters.Weights[0].Length / width - 1, path, "a best-epoch row number");
            firstRows.Add((row, ReadFloats(reader, width)));
        }
        return new BestSection(later, firstRows);
    }

    private static void WriteArrays(BinaryWriter writer, ParameterSet<float> parameters)
    {
        writer.Write(parameters.ArrayCount);
        foreach (var (values, _) in parameters.Arrays())
        {
            writer.Write((long)values.Length);
            writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    private static void ReadArrays(BinaryReader reader, ParameterSet<float> into, string path, string what)
    {
        int count = reader.ReadInt32();
        if (count != into.ArrayCount)
            throw Damaged(path, $"its {what} have {count} arrays where this network has {into.ArrayCount}");
        for (int i = 0; i < count; i++)
        {
            var values = into.GetArray(i).Values;
            long length = reader.ReadInt64();
            if (length != values.Length)
                throw Damaged(path, $"its {what}' array {i} has {length} values where this network's has {values.Length}");
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static int Count(BinaryReader reader, int max, string path, string what)
    {
        int value = reader.ReadInt32();
        if (value < 0 || value > max)
            throw Damaged(path, $"its count of {what} is {value}, outside [0, {max}]");
        return value;
    }

    private static string Text(BinaryReader reader, string path)
    {
        // BinaryReader.ReadString would allocate whatever length a damaged prefix claims.
        int length;
        try
        {
            length = reader.Read7BitEncodedInt();
        }
        catch (FormatException) // more than five bytes of prefix (found by the fuzzer)
        {
            throw Damaged(path, "a text's length in it is malformed");
        }
        if (length < 0 || length > MaxText)
            throw Damaged(path, $"a text in it claims {length} bytes");
        var bytes = reader.ReadBytes(length);
        if (bytes.Length < length)
            throw new EndOfStreamException();
        return Encoding.UTF8.GetString(bytes);
    }

    private static void VerifyHash(string path, FileStream file)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long left = file.Length - HashBytes;
        while (left > 0)
        {
            int n = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0)
                throw Damaged(path, "it ends before its contents do");
            hash.AppendData(buffer, 0, n);
            left -= n;
        }
        var stored = new byte[HashBytes];
        file.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw Damaged(path, "its SHA-256 does not match its contents (the file is truncated or altered)");
    }

    private static InvalidDataException Damaged(string path, string why) =>
        new($"Checkpoint '{path}' cannot be resumed from: {why}. Resume from an intact copy, or delete it (or set option ResumeFromCheckpoint = false) to start afresh.");

    // Hashes what passes through to the file.
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    // Reads the file up to its hash, and no further.
    private sealed class BoundedStream(Stream inner, long length) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            long left = length - inner.Position;
            if (left <= 0)
                return 0;
            return inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
