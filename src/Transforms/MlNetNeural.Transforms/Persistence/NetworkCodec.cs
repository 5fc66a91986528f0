using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;

namespace MlNetNeural.Persistence;

/// <summary>
/// Saves and loads a <see cref="DenseNetwork"/> and a <see cref="TrainingHistory"/> inside a model block.
/// </summary>
/// <remarks>
/// *** Binary format of the network ***
/// int: input size n, n &gt;= 1
/// int: layer count L, L &gt;= 1 (hidden layers then the output layer)
/// L × (int: layer size &gt;= 1, int: <see cref="Activation"/> value)
/// L × (float[size × fan-in]: row-major weights, float[size]: biases), all finite, and small enough
///     that no layer can overflow float32 for inputs within ±2²⁰ (<see cref="OverflowGuard"/>)
///
/// *** Binary format of the history ***
/// int: epoch count E &gt;= 0
/// E × (int: epoch &gt;= 0, double: training loss, double: validation loss, double: validation metric,
///      double: learning rate, double: seconds) — NaN marks "not measured"
/// int: best epoch, −1 ≤ best &lt; E
/// int: <see cref="StopReason"/> value
/// </remarks>
internal static class NetworkCodec
{
    /// <summary>Upper bound on layers, to reject absurd declared counts before allocating.</summary>
    private const int MaxLayers = 1024;

    public static void Write(ModelSaveContext ctx, DenseNetwork network)
    {
        ctx.Writer.Write(network.InputSize);
        ctx.Writer.Write(network.LayerCount);
        for (int l = 0; l < network.LayerCount; l++)
        {
            ctx.Writer.Write(network.LayerSizes[l]);
            ctx.Writer.Write((int)network.Activations[l]);
        }
        for (int l = 0; l < network.LayerCount; l++)
        {
            ctx.WriteSingles(network.Weights[l].Span);
            ctx.WriteSingles(network.Biases[l].Span);
        }
    }

    public static DenseNetwork Read(ModelDecoder decoder)
    {
        int inputSize = decoder.ReadInt32("InputSize", 1, int.MaxValue);
        int layers = decoder.ReadInt32("LayerCount", 1, MaxLayers);
        var sizes = new int[layers];
        var activations = new Activation[layers];
        for (int l = 0; l < layers; l++)
        {
            sizes[l] = decoder.ReadInt32($"LayerSizes[{l}]", 1, int.MaxValue);
            int activation = decoder.ReadInt32($"Activations[{l}]", 0, int.MaxValue);
            if (!Enum.IsDefined((Activation)activation))
                throw decoder.Corrupt($"Activations[{l}]", $"is {activation}, not a known activation");
            activations[l] = (Activation)activation;
        }
        var weights = new float[layers][];
        var biases = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            long fanIn = l == 0 ? inputSize : sizes[l - 1];
            weights[l] = decoder.ReadFiniteSingles($"Weights[{l}]", fanIn * sizes[l]);
            biases[l] = decoder.ReadFiniteSingles($"Biases[{l}]", sizes[l]);
        }
        var network = new DenseNetwork(inputSize, sizes, activations, weights, biases);
        OverflowGuard.Check(decoder, "Weights", OverflowGuard.NetworkBound(network));
        return network;
    }

    public static void Write(ModelSaveContext ctx, TrainingHistory history)
    {
        ctx.Writer.Write(history.Epochs.Count);
        foreach (var e in history.Epochs)
        {
            ctx.Writer.Write(e.Epoch);
            ctx.Writer.Write(e.TrainingLoss);
            ctx.Writer.Write(e.ValidationLoss);
            ctx.Writer.Write(e.ValidationMetric);
            ctx.Writer.Write(e.LearningRate);
            ctx.Writer.Write(e.Seconds);
        }
        ctx.Writer.Write(history.BestEpoch);
        ctx.Writer.Write((int)history.StopReason);
    }

    public static TrainingHistory ReadHistory(ModelDecoder decoder)
    {
        const int bytesPerEpoch = sizeof(int) + 5 * sizeof(double);
        int count = decoder.ReadInt32("History.EpochCount", 0, int.MaxValue);
        decoder.EnsureBytes("History.Epochs", (long)count * bytesPerEpoch);
        var epochs = new EpochRecord[count];
        for (int i = 0; i < count; i++)
        {
            epochs[i] = new EpochRecord(
                decoder.ReadInt32($"History.Epochs[{i}].Epoch", 0, int.MaxValue),
                decoder.ReadDouble($"History.Epochs[{i}].TrainingLoss"),
                decoder.ReadDouble($"History.Epochs[{i}].ValidationLoss"),
                decoder.ReadDouble($"History.Epochs[{i}].ValidationMetric"),
                decoder.ReadDouble($"History.Epochs[{i}].LearningRate"),
                decoder.ReadDouble($"History.Epochs[{i}].Seconds"));
        }
        int best = decoder.ReadInt32("History.BestEpoch", -1, count - 1);
        int reason = decoder.ReadInt32("History.StopReason", 0, int.MaxValue);
        if (!Enum.IsDefined((StopReason)reason))
            throw decoder.Corrupt("History.StopReason", $"is {reason}, not a known reason");
        return new TrainingHistory(epochs, best, (StopReason)reason);
    }
}
