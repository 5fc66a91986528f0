using System.Security.Cryptography;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Training.Checkpoints;

namespace MlNetNeural.Fuzz;

/// <summary>
/// The checkpoint reader. The input is a checkpoint's contents without its SHA-256, which the target appends: a
/// random flip is refused by the hash at once (a test checks that for every byte), so the fuzzer is let past it to
/// reach the parser, as a deliberately crafted file would. The only refusal allowed is <see cref="InvalidDataException"/>.
/// </summary>
public sealed class CheckpointTarget : FuzzTarget
{
    private static readonly string File = Path.Combine(Path.GetTempPath(), $"mlnetneural-fuzz-{Environment.ProcessId}.ckpt");

    /// <inheritdoc/>
    public override string Name => "checkpoint";

    /// <inheritdoc/>
    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        foreach (bool withBest in new[] { false, true })
        {
            var parameters = Shape();
            var random = new Random(withBest ? 2 : 1);
            foreach (var (values, _) in parameters.Arrays())
            {
                for (int i = 0; i < values.Length; i++)
                    values[i] = (float)random.NextDouble();
            }
            var optimizer = new AdamOptimizer<float>();
            var optimizerParameters = OptimizerParameters(parameters);
            optimizer.Step(optimizerParameters, 0.01f);
            var contents = new CheckpointFile.Contents(1, new CheckpointFingerprint([new("option LearningRate", "0.01")]), 2, 1,
                [new EpochRecord(0, 0.5, 0.6, 0.7, 0.01, 0.1)], new ResumableRandom(1).SaveState(), [4, 3, 2, 1, 0],
                withBest ? new CheckpointFile.BestSection([.. Enumerable.Range(1, 3).Select(i => parameters.GetArray(i).Values)], [(2, [1f, 2f, 3f])]) : null,
                withBest ? parameters.Clone() : null);
            CheckpointFile.Write(File, contents, parameters, optimizer, optimizerParameters);
            byte[] whole = System.IO.File.ReadAllBytes(File);
            yield return (withBest ? "with-best" : "plain", whole[..^32]);
        }
    }

    /// <inheritdoc/>
    public override bool Run(byte[] input)
    {
        System.IO.File.WriteAllBytes(File, [.. input, .. SHA256.HashData(input)]);
        var parameters = Shape();
        try
        {
            CheckpointFile.Read(File, parameters, new AdamOptimizer<float>(), OptimizerParameters(parameters), maxEpochs: 10, rowCount: 5, _ => { });
            return true;
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("Checkpoint '", StringComparison.Ordinal) || e.Message.Contains("random generator", StringComparison.Ordinal))
        {
            return false;
        }
    }

    private static ParameterSet<float> Shape() => new(4, [3, 2]);

    private static OptimizerParameter<float>[] OptimizerParameters(ParameterSet<float> parameters) =>
        [.. Enumerable.Range(0, parameters.ArrayCount).Select(i =>
            new OptimizerParameter<float>(parameters.GetArray(i).Values, new float[parameters.GetArray(i).Values.Length], parameters.GetArray(i).IsWeight))];
}
