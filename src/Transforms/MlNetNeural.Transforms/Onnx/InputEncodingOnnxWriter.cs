using Microsoft.ML.Model.OnnxConverter;
using MlNetNeural.Neural;

namespace MlNetNeural.Onnx;

/// <summary>
/// Writes an <see cref="InputEncoding"/> as standard ONNX operators (all in opset 9), in the order
/// <see cref="InputEncoding.Encode"/> rounds: <c>Sub</c>, <c>Mul</c> (the robust scaling), then
/// <c>z / Sqrt(1 + z·z·(1/9))</c> (the smooth clipping), then for the periodic columns <c>Gather</c>,
/// <c>Reshape</c> to <c>[batch, p, 1]</c>, <c>Mul</c> by ω, <c>Add</c> φ, <c>Cos</c>, <c>Reshape</c> to
/// <c>[batch, p·K]</c>, and a <c>Concat</c> after the clipped features.
/// </summary>
internal static partial class NetworkOnnxWriter
{
    /// <summary>Emits the encoding of <paramref name="input"/> (<c>[batch, InputSize]</c>) and returns the encoded variable.</summary>
    /// <param name="ctx">The ONNX graph being built.</param>
    /// <param name="encoding">The fitted encoding.</param>
    /// <param name="input">The raw features variable.</param>
    /// <returns>The <c>[batch, EncodedSize]</c> variable the network reads.</returns>
    public static string WriteInputEncoding(OnnxContext ctx, InputEncoding encoding, string input)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(encoding);
        ctx.CheckOpSetVersion(MinimumOpSetVersion, "MlNetNeural input encoding");
        int n = encoding.InputSize;
        string centers = ctx.AddInitializer(encoding.Centers.ToArray(), [n], "MlpEncodingCenters");
        string scales = ctx.AddInitializer(encoding.Scales.ToArray(), [n], "MlpEncodingScales");
        string centered = Node(ctx, "Sub", [input, centers], "MlpEncodingCentered");
        string z = Node(ctx, "Mul", [centered, scales], "MlpEncodingScaled");
        string squared = Node(ctx, "Mul", [z, z], "MlpEncodingSquared");
        string ninth = ctx.AddInitializer(1f / (InputEncoding.ClipRadius * InputEncoding.ClipRadius), "MlpEncodingNinth");
        string shrunk = Node(ctx, "Mul", [squared, ninth], "MlpEncodingShrunk");
        string one = ctx.AddInitializer(1f, "MlpEncodingOne");
        string sum = Node(ctx, "Add", [one, shrunk], "MlpEncodingSum");
        string root = Node(ctx, "Sqrt", [sum], "MlpEncodingRoot");
        int p = encoding.PeriodicColumns.Count;
        string clipped = Node(ctx, "Div", [z, root], p == 0 ? "MlpEncoded" : "MlpEncodingClipped");
        if (p == 0)
            return clipped;

        int k = encoding.FrequencyCount;
        string columns = ctx.AddInitializer(encoding.PeriodicColumns.Select(c => (long)c).ToArray(), [p], "MlpEncodingPeriodicColumns");
        string gathered = ctx.AddIntermediateVariable(null, "MlpEncodingPeriodicInputs", skip: true);
        var gather = ctx.CreateNode("Gather", [clipped, columns], [gathered], ctx.GetNodeName("Gather"), DefaultDomain);
        gather.AddAttribute("axis", 1L);
        string columnShape = ctx.AddInitializer(new long[] { -1, p, 1 }, [3], "MlpEncodingColumnShape");
        string column = Node(ctx, "Reshape", [gathered, columnShape], "MlpEncodingColumn");
        string frequencies = ctx.AddInitializer(encoding.AngularFrequencies.ToArray(), [p, k], "MlpEncodingFrequencies");
        string phases = ctx.AddInitializer(encoding.Phases.ToArray(), [p, k], "MlpEncodingPhases");
        string angles = Node(ctx, "Mul", [frequencies, column], "MlpEncodingAngles");
        string shifted = Node(ctx, "Add", [angles, phases], "MlpEncodingShifted");
        string cosines = Node(ctx, "Cos", [shifted], "MlpEncodingCosines");
        string flatShape = ctx.AddInitializer(new long[] { -1, (long)p * k }, [2], "MlpEncodingFlatShape");
        string periodic = Node(ctx, "Reshape", [cosines, flatShape], "MlpEncodingPeriodic");
        string encoded = ctx.AddIntermediateVariable(null, "MlpEncoded", skip: true);
        var concat = ctx.CreateNode("Concat", [clipped, periodic], [encoded], ctx.GetNodeName("Concat"), DefaultDomain);
        concat.AddAttribute("axis", 1L);
        return encoded;
    }

    private static string Node(OnnxContext ctx, string op, string[] inputs, string outputName)
    {
        string output = ctx.AddIntermediateVariable(null, outputName, skip: true);
        ctx.CreateNode(op, inputs, [output], ctx.GetNodeName(op), DefaultDomain);
        return output;
    }
}
