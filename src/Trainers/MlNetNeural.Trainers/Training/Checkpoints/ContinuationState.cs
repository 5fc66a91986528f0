using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Training.Checkpoints;

/// <summary>
/// The training state a model carries with option <c>SaveTrainingState</c> (<c>MlpModelParametersBase.TrainingState</c>),
/// so continued training goes on where the fit ended: the optimizer's kind, step count and buffers, the random
/// generator's state and the batch order, with a SHA-256 of them. The first layer's buffers are held in the model's
/// column order, in the layout the fit held them (input-major for sparse features).
/// </summary>
internal static class ContinuationState
{
    private const int Version = 1;
    private const int HashBytes = 32;
    private static readonly byte[] Magic = "MLNNCONT"u8.ToArray();

    /// <summary>The state at the end of a fit.</summary>
    /// <param name="kind">The optimizer's kind.</param>
    /// <param name="inputMajor">Whether the first layer is held input-major.</param>
    /// <param name="optimizer">The optimizer, after its last step.</param>
    /// <param name="parameters">The parameters it steps.</param>
    /// <param name="toColumnOrder">Puts a first-layer array held in training order back in column order, or null.</param>
    /// <param name="random">The fit's generator.</param>
    /// <param name="order">The batch order the last epoch used.</param>
    /// <param name="log">Says why no state is written, if none is.</param>
    /// <returns>The state, or null (said in the log) when it would not fit the model file's 2 GB block.</returns>
    public static byte[]? Write(OptimizerKind kind, bool inputMajor, Optimizer<float> optimizer, IReadOnlyList<OptimizerParameter<float>> parameters,
        Action<float[]>? toColumnOrder, ResumableRandom random, int[] order, Action<string> log)
    {
        long floats = optimizer.HasState ? parameters.Sum(p => (long)p.Values.Length) * optimizer.BuffersPerParameter : 0;
        long bytes = 4 * (floats + order.Length) + 4L * parameters.Count + 4 * (ResumableRandom.StateWords + 2) + 64 + HashBytes;
        if (bytes > int.MaxValue - 64)
        {
            log($"Option SaveTrainingState: the training state would take {bytes >> 20} MB, more than a model file's block holds (2 GB); the model is saved without it.");
            return null;
        }
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write((int)kind);
            writer.Write(inputMajor);
            writer.Write(optimizer.HasState ? optimizer.StepCount : 0);
            writer.Write(optimizer.HasState ? optimizer.BuffersPerParameter : 0);
            writer.Write(parameters.Count);
            for (int p = 0; p < parameters.Count; p++)
            {
                writer.Write(parameters[p].Values.Length);
                for (int b = 0; optimizer.HasState && b < optimizer.BuffersPerParameter; b++)
                {
                    var state = optimizer.StateOf(p, b);
                    if (p == 0 && toColumnOrder is not null)
                    {
                        var copy = state.ToArray();
                        toColumnOrder(copy);
                        writer.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
                    }
                    else
                    {
                        writer.Write(MemoryMarshal.AsBytes(state));
                    }
                }
            }
            foreach (int word in random.SaveState())
                writer.Write(word);
            writer.Write(order.Length);
            writer.Write(MemoryMarshal.AsBytes(order.AsSpan()));
        }
        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        return buffer.ToArray();
    }

    /// <summary>
    /// Continues from <paramref name="state"/>: fills the optimizer's state, the generator and the batch order when they
    /// fit this fit, and returns whether it did; otherwise says why in the log and leaves them as they are.
    /// </summary>
    /// <exception cref="ArgumentException">The state is damaged (its hash does not match) or malformed.</exception>
    public static bool TryApply(ReadOnlySpan<byte> state, OptimizerKind kind, bool inputMajor, Optimizer<float> optimizer,
        IReadOnlyList<OptimizerParameter<float>> parameters, Action<float[]>? toTrainingOrder, ResumableRandom random, int[] order, Action<string> log)
    {
        if (state.Length < Magic.Length + HashBytes || !SHA256.HashData(state[..^HashBytes]).AsSpan().SequenceEqual(state[^HashBytes..]))
            throw Damaged("its SHA-256 does not match its contents");
        var reader = new SpanReader(state[..^HashBytes]);
        if (!reader.Bytes(Magic.Length).SequenceEqual(Magic) || reader.Int32() != Version)
            throw Damaged("it is not a training state this version writes");
        var savedKind = (OptimizerKind)reader.Int32();
        bool savedInputMajor = reader.Byte() != 0;
        long steps = reader.Int64();
        int buffers = reader.Int32();
        int count = reader.Int32();
        if (savedKind != kind)
        {
            log($"The initial model was trained with optimizer {savedKind}; continuing with {kind} from a fresh optimizer state.");
            return false;
        }
        if (savedInputMajor != inputMajor)
        {
            log("The initial model was trained on features held " + (savedInputMajor ? "sparse" : "dense") +
                " and these are held the other way: continuing from a fresh optimizer state.");
            return false;
        }
        if (steps < 0 || buffers != (steps > 0 ? optimizer.BuffersPerParameter : 0) || count != parameters.Count)
            throw Damaged("its optimizer state does not match the network");
        if (steps > 0)
            optimizer.PrepareRestore(parameters, steps);
        for (int p = 0; p < count; p++)
        {
            if (reader.Int32() != parameters[p].Values.Length)
                throw Damaged($"its optimizer state for parameter {p} has another length than the network's");
            for (int b = 0; b < buffers; b++)
            {
                var target = optimizer.StateToRestore(p, b);
                reader.Floats(target);
                if (p == 0 && toTrainingOrder is not null)
                {
                    var copy = target.ToArray();
                    toTrainingOrder(copy);
                    copy.CopyTo(target);
                }
            }
        }
        var words = new int[ResumableRandom.StateWords + 2];
        for (int i = 0; i < words.Length; i++)
            words[i] = reader.Int32();
        int rows = reader.Int32();
        if (rows != order.Length)
        {
            log($"The initial model was trained on {rows} rows and this fit has {order.Length}: the optimizer's state continues, the batch order starts afresh.");
            return true;
        }
        var savedOrder = new int[rows];
        reader.Ints(savedOrder);
        random.RestoreState(words);
        savedOrder.CopyTo(order, 0);
        return true;
    }

    private static ArgumentException Damaged(string why) =>
        new($"The initial model's training state cannot be used: {why}. Save the model again from its fit, or continue from a copy without it.", "initialModel");

    // Reads the state's fields in order; running past its end is damage.
    private ref struct SpanReader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count > _rest.Length)
                throw Damaged("it ends before its contents do");
            var taken = _rest[..count];
            _rest = _rest[count..];
            return taken;
        }

        public byte Byte() => Bytes(1)[0];

        public int Int32() => BitConverter.ToInt32(Bytes(sizeof(int)));

        public long Int64() => BitConverter.ToInt64(Bytes(sizeof(long)));

        public void Floats(Span<float> into) => Bytes(into.Length * sizeof(float)).CopyTo(MemoryMarshal.AsBytes(into));

        public void Ints(Span<int> into) => Bytes(into.Length * sizeof(int)).CopyTo(MemoryMarshal.AsBytes(into));
    }
}
