using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Onnx;
using MlNetNeural.Persistence;

[assembly: LoadableClass(typeof(MlpMulticlassModelParameters), null, typeof(SignatureLoadModel),
    "MlNetNeural Multiclass MLP", MlpMulticlassModelParameters.LoaderSignature)]

namespace MlNetNeural.Mlp;

/// <summary>
/// A trained MLP for multiclass classification: <c>Score</c> is the vector of class probabilities
/// (softmax of the output logits) and <c>PredictedLabel</c> its arg-max.
/// </summary>
public sealed class MlpMulticlassModelParameters : MlpModelParametersBase<VBuffer<float>>
{
    internal const string LoaderSignature = "MlNetNeuralMlpMulticlass";
    private const string ModelName = "multiclass MLP";

    /// <summary>Wraps a trained network with one output logit per class.</summary>
    /// <param name="env">The ML.NET host environment.</param>
    /// <param name="network">The network; its output layer has one unit per class (at least 2).</param>
    /// <param name="history">How it was trained.</param>
    /// <param name="inputEncoding">The encoding applied to the features before the network, or <c>null</c>; it must write <see cref="DenseNetwork.InputSize"/> values.</param>
    /// <param name="trainingState">The trainer's state for continued training (<see cref="MlpModelParametersBase{TOutput}.TrainingState"/>), or empty.</param>
    public MlpMulticlassModelParameters(IHostEnvironment env, DenseNetwork network, TrainingHistory history, InputEncoding? inputEncoding = null,
        ReadOnlyMemory<byte> trainingState = default)
        : base(env, ModelName, network, history, inputEncoding, trainingState)
    {
        if (network.OutputSize < 2)
            throw new ArgumentException($"A multiclass MLP needs at least two output units; this network has {network.OutputSize}.", nameof(network));
        OutputType = new VectorDataViewType(NumberDataViewType.Single, network.OutputSize);
    }

    private MlpMulticlassModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, ModelName, ctx)
    {
        // *** Binary format *** : exactly MlpModelParametersBase's, with at least two output units.
        // A marked format error (ModelDecoder.Corrupt), so that ML.NET reports it as a decode error.
        if (Network.OutputSize < 2)
            throw new ModelDecoder(ctx, ModelName).Corrupt("LayerSizes", $"gives the output layer {Network.OutputSize} units, expected at least 2");
        OutputType = new VectorDataViewType(NumberDataViewType.Single, Network.OutputSize);
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount => Network.OutputSize;

    /// <summary>The output type: one probability per class.</summary>
    public override DataViewType OutputType { get; }

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    // Version history: 0x00010001 initial; 0x00010002 adds the input encoding after the history; 0x00010003 adds the
    // training state after it (written only by a model that has one).
    private static VersionInfo GetVersionInfo() => ModelVersions.AtTrainingState("MLNNMLPM", LoaderSignature, typeof(MlpMulticlassModelParameters));

    /// <summary>The loader entry point ML.NET calls through <see cref="LoadableClassAttribute"/>.</summary>
    public static MlpMulticlassModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return new MlpMulticlassModelParameters(env, ctx);
    }

    private protected override VersionInfo VersionInfo => TrainingState.IsEmpty
        ? ModelVersions.AtInputEncoding("MLNNMLPM", LoaderSignature, typeof(MlpMulticlassModelParameters))
        : GetVersionInfo();

    // ONNX: Score = Softmax(logits), PredictedLabel = arg-max + 1 as a key.
    private protected override void SaveAsOnnxCore(OnnxContext ctx, string[] outputs, string features)
    {
        string logits = ctx.AddIntermediateVariable(null, "MlpLogits", skip: true);
        NetworkOnnxWriter.WriteLayers(ctx, Network, Network.LayerCount, features, logits, LoaderSignature);
        NetworkOnnxWriter.WriteMulticlassHead(ctx, logits, outputs);
    }

    private protected override ValueMapper<VBuffer<float>, VBuffer<float>> MakeMapper()
    {
        var buffers = new ForwardBuffers(Network, InputEncoding);
        int classes = ClassCount;
        return (in VBuffer<float> src, ref VBuffer<float> dst) =>
        {
            var logits = buffers.Run(src);
            var editor = VBufferEditor.Create(ref dst, classes);
            // Max-shifted: TensorPrimitives.SoftMax does not shift, so a logit above ~88 gave NaN.
            Softmax.Apply<float>(logits, editor.Values);
            dst = editor.Commit();
        };
    }
}
