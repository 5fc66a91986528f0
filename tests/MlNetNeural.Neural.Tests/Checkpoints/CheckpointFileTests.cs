using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Training.Checkpoints;
using Xunit;

namespace MlNetNeural.Neural.Tests.Checkpoints;

/// <summary>
/// The checkpoint file round-trips everything it holds, and a copy truncated at any byte or with any one byte's bit
/// flipped is refused with <see cref="InvalidDataException"/> naming the file, before any of it is trusted.
/// </summary>
public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetneural-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_checkpoint_reads_back_what_was_written()
    {
        var (path, written, parameters, optimizer) = WriteSmallCheckpoint();
        var (read, readParameters, readOptimizer, readOptimizerParameters) = Read(path, parameters);

        Assert.Equal(written.Seed, read.Seed);
        Assert.Equal(written.Fingerprint.Entries, read.Fingerprint.Entries);
        Assert.Equal(written.EpochsDone, read.EpochsDone);
        Assert.Equal(written.Epochs, read.Epochs);
        Assert.Equal(written.RandomState, read.RandomState);
        Assert.Equal(written.RowOrder, read.RowOrder);
        for (int i = 0; i < parameters.ArrayCount; i++)
            Assert.Equal(parameters.GetArray(i).Values, readParameters.GetArray(i).Values);
        Assert.Equal(optimizer.StepCount, readOptimizer.StepCount);
        for (int p = 0; p < readOptimizerParameters.Length; p++)
        {
            for (int b = 0; b < optimizer.BuffersPerParameter; b++)
                Assert.Equal(optimizer.StateOf(p, b).ToArray(), readOptimizer.StateOf(p, b).ToArray());
        }
        Assert.Equal(written.Best!.LaterArrays, read.Best!.LaterArrays);
        Assert.Equal(written.Best.FirstLayerRows.Select(r => (r.Row, r.Values.ToArray())), read.Best.FirstLayerRows.Select(r => (r.Row, r.Values.ToArray())));
        Assert.Equal(written.Fallback!.Weights, read.Fallback!.Weights);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void A_checkpoint_truncated_at_any_byte_is_refused()
    {
        var (path, _, parameters, _) = WriteSmallCheckpoint();
        byte[] whole = File.ReadAllBytes(path);
        string damaged = Path.Combine(_folder, "truncated.ckpt");
        for (int length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(damaged, whole[..length]);
            var e = Assert.Throws<InvalidDataException>(() => Read(damaged, parameters));
            Assert.Contains($"Checkpoint '{damaged}' cannot be resumed from", e.Message);
        }
    }

    [Fact]
    public void A_checkpoint_with_any_bit_flipped_is_refused()
    {
        var (path, _, parameters, _) = WriteSmallCheckpoint();
        byte[] whole = File.ReadAllBytes(path);
        string damaged = Path.Combine(_folder, "flipped.ckpt");
        for (int at = 0; at < whole.Length; at++)
        {
            byte[] copy = (byte[])whole.Clone();
            copy[at] ^= (byte)(1 << (at % 8));
            File.WriteAllBytes(damaged, copy);
            var e = Assert.Throws<InvalidDataException>(() => Read(damaged, parameters));
            Assert.Contains($"Checkpoint '{damaged}' cannot be resumed from", e.Message);
        }
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_checkpoint_whole()
    {
        var (path, written, parameters, optimizer) = WriteSmallCheckpoint();
        byte[] before = File.ReadAllBytes(path);
        // A write that throws midway (here while writing the epochs) renames nothing and removes its temporary file.
        var broken = written with { Epochs = new FailingEpochs(written.Epochs) };
        Assert.Throws<IOException>(() => CheckpointFile.Write(path, broken, parameters, optimizer, OptimizerParameters(parameters)));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    private (string Path, CheckpointFile.Contents Contents, ParameterSet<float> Parameters, AdamOptimizer<float> Optimizer) WriteSmallCheckpoint()
    {
        var random = new Random(1);
        var parameters = new ParameterSet<float>(4, [3, 2]);
        foreach (var (values, _) in parameters.Arrays())
        {
            for (int i = 0; i < values.Length; i++)
                values[i] = (float)random.NextDouble();
        }
        var optimizer = new AdamOptimizer<float>();
        var optimizerParameters = OptimizerParameters(parameters);
        foreach (var p in optimizerParameters)
            Array.Fill(p.Gradient, 0.5f);
        optimizer.Step(optimizerParameters, 0.01f);
        optimizer.Step(optimizerParameters, 0.01f);
        var contents = new CheckpointFile.Contents(
            Seed: 17,
            Fingerprint: new CheckpointFingerprint([new("option LearningRate", "0.01"), new("training rows", "5 rows")]),
            ProcessorCount: 2,
            EpochsDone: 2,
            Epochs: [new EpochRecord(0, 0.7, 0.8, 0.5, 0.01, 0.1), new EpochRecord(1, 0.6, 0.75, 0.6, 0.01, 0.1)],
            RandomState: new ResumableRandom(17).SaveState(),
            RowOrder: [3, 0, 4, 1, 2],
            Best: new CheckpointFile.BestSection(
                Enumerable.Range(1, parameters.ArrayCount - 1).Select(i => parameters.GetArray(i).Values.Select(v => v + 1).ToArray()).ToArray(),
                [(1, [9f, 8f, 7f])]),
            Fallback: parameters.Clone());
        string path = Path.Combine(_folder, "small.ckpt");
        CheckpointFile.Write(path, contents, parameters, optimizer, optimizerParameters);
        return (path, contents, parameters, optimizer);
    }

    private static (CheckpointFile.Contents, ParameterSet<float>, AdamOptimizer<float>, OptimizerParameter<float>[]) Read(string path, ParameterSet<float> shape)
    {
        var parameters = new ParameterSet<float>(shape.InputSize, shape.LayerSizes);
        var optimizer = new AdamOptimizer<float>();
        var optimizerParameters = OptimizerParameters(parameters);
        var contents = CheckpointFile.Read(path, parameters, optimizer, optimizerParameters, maxEpochs: 10, rowCount: 5, _ => { });
        return (contents, parameters, optimizer, optimizerParameters);
    }

    private static OptimizerParameter<float>[] OptimizerParameters(ParameterSet<float> parameters) =>
        Enumerable.Range(0, parameters.ArrayCount)
            .Select(i => new OptimizerParameter<float>(parameters.GetArray(i).Values, new float[parameters.GetArray(i).Values.Length], parameters.GetArray(i).IsWeight))
            .ToArray();

    // Epochs whose enumeration fails after the first, as a disk that fills up would fail a write midway.
    private sealed class FailingEpochs(IReadOnlyList<EpochRecord> epochs) : IReadOnlyList<EpochRecord>
    {
        public EpochRecord this[int index] => epochs[index];

        public int Count => epochs.Count;

        public IEnumerator<EpochRecord> GetEnumerator()
        {
            yield return epochs[0];
            throw new IOException("No space left on device.");
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
