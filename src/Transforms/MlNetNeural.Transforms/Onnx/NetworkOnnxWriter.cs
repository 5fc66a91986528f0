using Microsoft.ML.Model.OnnxConverter;
using MlNetNeural.Neural;

namespace MlNetNeural.Onnx;

/// <summary>
/// Writes a <see cref="DenseNetwork"/> (or its first layers) into an ML.NET ONNX export as standard
/// ONNX operators, and the output heads the model-parameter classes need.
/// </summary>
/// <remarks>
/// Each dense layer is one <c>Gemm</c> node, <c>Z = A·Wᵀ + b</c> (<c>transB = 1</c>: the weights stay
/// row-major out × in, exactly as the network stores them), followed by its activation node:
/// <c>Relu</c>, <c>LeakyRelu</c> (alpha <see cref="ActivationFunctions.LeakyReluSlope"/>), <c>Elu</c>
/// (alpha <see cref="ActivationFunctions.EluAlpha"/>), <c>Tanh</c>, <c>Sigmoid</c>; identity layers get
/// no node. Every operator used exists from opset 9 on, the oldest ML.NET exports; feature vectors
/// arrive as <c>[batch, features]</c> tensors, so the layers work on whole batches.
/// </remarks>
internal static partial class NetworkOnnxWriter
{
    /// <summary>The oldest opset whose operators these nodes use.</summary>
    public const int MinimumOpSetVersion = 9;

    /// <summary>Standard ONNX operators live in the default (empty) domain.</summary>
    private const string DefaultDomain = "";

    /// <summary>
    /// Emits layers 0 … <paramref name="layerCount"/> − 1 of <paramref name="network"/>, reading
    /// <paramref name="input"/> and writing the last layer's activations into <paramref name="output"/>.
    /// </summary>
    /// <param name="ctx">The ONNX graph being built.</param>
    /// <param name="network">The network.</param>
    /// <param name="layerCount">How many layers to emit, from 1 to <see cref="DenseNetwork.LayerCount"/>.</param>
    /// <param name="input">The variable holding the <c>[batch, InputSize]</c> features.</param>
    /// <param name="output">The variable receiving the result.</param>
    /// <param name="owner">Names the exporting component in an opset error.</param>
    public static void WriteLayers(OnnxContext ctx, DenseNetwork network, int layerCount, string input, string output, string owner)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layerCount, network.LayerCount);
        ctx.CheckOpSetVersion(MinimumOpSetVersion, owner);

        string current = input;
        for (int l = 0; l < layerCount; l++)
        {
            bool last = l == layerCount - 1;
            var activation = network.Activations[l];
            bool hasActivation = activation != Activation.Identity;
            string preActivation = last && !hasActivation ? output : ctx.AddIntermediateVariable(null, $"MlpLayer{l}Linear", skip: true);
            WriteDense(ctx, current, network.Weights[l].Span, network.Biases[l].Span, network.LayerSizes[l], network.LayerInputSize(l), preActivation, $"MlpLayer{l}");
            if (!hasActivation)
            {
                current = preActivation;
                continue;
            }

            string activated = last ? output : ctx.AddIntermediateVariable(null, $"MlpLayer{l}Output", skip: true);
            WriteActivation(ctx, activation, preActivation, activated);
            current = activated;
        }
    }

    /// <summary>Emits one <c>Gemm</c>: <c>output = input · Wᵀ + b</c>, W row-major <paramref name="outputSize"/> × <paramref name="inputSize"/>.</summary>
    /// <param name="ctx">The ONNX graph being built.</param>
    /// <param name="input">The <c>[batch, inputSize]</c> variable.</param>
    /// <param name="weights">W, row-major.</param>
    /// <param name="biases">b, one per output.</param>
    /// <param name="outputSize">Rows of W.</param>
    /// <param name="inputSize">Columns of W.</param>
    /// <param name="output">The <c>[batch, outputSize]</c> variable written.</param>
    /// <param name="name">Prefix of the initializer names.</param>
    public static void WriteDense(OnnxContext ctx, string input, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases,
        int outputSize, int inputSize, string output, string name)
    {
        string w = ctx.AddInitializer(weights.ToArray(), [outputSize, inputSize], name + "Weights");
        string b = ctx.AddInitializer(biases.ToArray(), [outputSize], name + "Biases");
        var gemm = ctx.CreateNode("Gemm", [input, w, b], [output], ctx.GetNodeName("Gemm"), DefaultDomain);
        gemm.AddAttribute("transB", 1L);
    }

    /// <summary>Emits the node of one hidden activation.</summary>
    /// <param name="ctx">The ONNX graph being built.</param>
    /// <param name="activation">The function; <see cref="Activation.Identity"/> emits an <c>Identity</c> node.</param>
    /// <param name="input">The pre-activations.</param>
    /// <param name="output">The activations.</param>
    public static void WriteActivation(OnnxContext ctx, Activation activation, string input, string output)
    {
        if (ActivationFunctions.NeedsPreActivation(activation))
        {
            WriteComposedActivation(ctx, activation, input, output);
            return;
        }

        string op = activation switch
        {
            Activation.Identity => "Identity",
            Activation.Relu => "Relu",
            Activation.LeakyRelu => "LeakyRelu",
            Activation.Elu => "Elu",
            Activation.Tanh => "Tanh",
            Activation.Sigmoid => "Sigmoid",
            Activation.Selu => "Selu",
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, $"Unknown activation {(int)activation}."),
        };
        var node = ctx.CreateNode(op, input, output, ctx.GetNodeName(op), DefaultDomain);
        if (activation == Activation.LeakyRelu)
        {
            node.AddAttribute("alpha", ActivationFunctions.LeakyReluSlope);
        }
        else if (activation == Activation.Elu)
        {
            node.AddAttribute("alpha", ActivationFunctions.EluAlpha);
        }
        else if (activation == Activation.Selu)
        {
            node.AddAttribute("alpha", ActivationFunctions.SeluAlpha);
            node.AddAttribute("gamma", ActivationFunctions.SeluScale);
        }
    }

    // GELU, SiLU and Mish from operators every opset from 9 has (ONNX's own Gelu arrived in opset 20).
    private static void WriteComposedActivation(OnnxContext ctx, Activation activation, string input, string output)
    {
        string Node(string op, string[] inputs)
        {
            string result = ctx.AddIntermediateVariable(null, $"Mlp{activation}{op}", skip: true);
            ctx.CreateNode(op, inputs, [result], ctx.GetNodeName(op), DefaultDomain);
            return result;
        }

        string Constant(float value, string name) => ctx.AddInitializer([value], [1], $"Mlp{activation}{name}");

        string factor; // f(z) = z · factor(z)
        switch (activation)
        {
            case Activation.Silu:
                factor = Node("Sigmoid", [input]);
                break;
            case Activation.Mish:
                factor = Node("Tanh", [Node("Softplus", [input])]);
                break;
            default: // GELU: ½·(1 + tanh(√(2/π)·(z + 0.044715·z³)))
                string cube = Node("Mul", [input, Node("Mul", [input, input])]);
                string inner = Node("Add", [input, Node("Mul", [cube, Constant((float)ActivationFunctions.GeluCubic, "Cubic")])]);
                string tanh = Node("Tanh", [Node("Mul", [inner, Constant(0.7978845608f, "Scale")])]);
                factor = Node("Mul", [Node("Add", [tanh, Constant(1f, "One")]), Constant(0.5f, "Half")]);
                break;
        }

        ctx.CreateNode("Mul", [input, factor], [output], ctx.GetNodeName("Mul"), DefaultDomain);
    }

    /// <summary>Emits <c>probability = Sigmoid(score)</c>, the binary MLP's <c>Probability</c> column.</summary>
    /// <param name="ctx">The ONNX graph being built.</param>
    /// <param name="score">The logit variable.</param>
    /// <param name="probability">The probability variable written.</param>
    public static void WriteSigmoid(OnnxContext ctx, string score, string probability) =>
        ctx.CreateNode("Sigmoid", score, probability, ctx.GetNodeName("Sigmoid"), DefaultDomain);

    /// <summary>
    /// Emits the multiclass head: <c>Score = Softmax(logits)</c> over the class axis and
    /// <c>PredictedLabel</c> = its arg-max (first on ties, as ML.NET's scorer) plus one, as a
    /// <see cref="uint"/> key value (ML.NET keys count from 1; 0 means missing).
    /// </summary>
    /// <param name="ctx">The ONNX graph being built.</param>
    /// <param name="logits">The <c>[batch, classes]</c> raw scores.</param>
    /// <param name="outputs">The scorer's names: <c>[PredictedLabel, Score]</c>.</param>
    public static void WriteMulticlassHead(OnnxContext ctx, string logits, string[] outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Length < 2)
            throw new ArgumentException($"A multiclass scorer passes [PredictedLabel, Score]; got {outputs.Length} name(s).", nameof(outputs));
        string score = outputs[1];
        var softmax = ctx.CreateNode("Softmax", logits, score, ctx.GetNodeName("Softmax"), DefaultDomain);
        softmax.AddAttribute("axis", 1L);

        string argMax = ctx.AddIntermediateVariable(null, "MlpArgMax", skip: true);
        var argMaxNode = ctx.CreateNode("ArgMax", score, argMax, ctx.GetNodeName("ArgMax"), DefaultDomain);
        argMaxNode.AddAttribute("axis", 1L);
        argMaxNode.AddAttribute("keepdims", 1L);

        string oneBased = ctx.AddIntermediateVariable(null, "MlpKeyValue", skip: true);
        string one = ctx.AddInitializer(1L, "MlpOne");
        ctx.CreateNode("Add", [argMax, one], [oneBased], ctx.GetNodeName("Add"), DefaultDomain);

        var cast = ctx.CreateNode("Cast", oneBased, outputs[0], ctx.GetNodeName("Cast"), DefaultDomain);
        cast.AddAttribute("to", typeof(uint));
    }

    /// <summary>Emits <c>output = input · scale + shift</c> (a <c>Mul</c> then an <c>Add</c>, rounded as ML.NET's float code).</summary>
    /// <param name="ctx">The ONNX graph being built.</param>
    /// <param name="input">The values to map.</param>
    /// <param name="scale">The factor.</param>
    /// <param name="shift">The offset.</param>
    /// <param name="output">The variable written.</param>
    public static void WriteScaleShift(OnnxContext ctx, string input, float scale, float shift, string output)
    {
        string scaled = ctx.AddIntermediateVariable(null, "MlpScaled", skip: true);
        string s = ctx.AddInitializer(scale, "MlpScale");
        string m = ctx.AddInitializer(shift, "MlpShift");
        ctx.CreateNode("Mul", [input, s], [scaled], ctx.GetNodeName("Mul"), DefaultDomain);
        ctx.CreateNode("Add", [scaled, m], [output], ctx.GetNodeName("Add"), DefaultDomain);
    }

    /// <summary>
    /// The variable a single-score model writes its score into: the scorer passes
    /// <c>[Score]</c> (regression), <c>[PredictedLabel, Score]</c> (binary without probability) or
    /// <c>[PredictedLabel, Score, Probability]</c> (binary with probability).
    /// </summary>
    /// <param name="outputs">The scorer's output variable names.</param>
    /// <returns>The score variable.</returns>
    public static string ScoreOutput(string[] outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Length == 0)
            throw new ArgumentException("The scorer passed no output names.", nameof(outputs));
        return outputs.Length >= 2 ? outputs[1] : outputs[0];
    }
}
