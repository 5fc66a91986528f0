using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Explain;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Onnx;
using MlNetNeural.Persistence;

[assembly: LoadableClass(typeof(MlpBinaryModelParameters), null, typeof(SignatureLoadModel),
    "MlNetNeural Binary MLP", MlpBinaryModelParameters.LoaderSignature)]

namespace MlNetNeural.Mlp;

/// <summary>
/// A trained MLP for binary classification. <c>Score</c> is the output logit, <c>Probability</c> its
/// sigmoid, and <c>PredictedLabel</c> is <c>Score &gt; 0</c> (probability &gt; 0.5).
/// </summary>
public sealed class MlpBinaryModelParameters : MlpModelParametersBase<float>, IValueMapperDist, ICalculateFeatureContribution, IFeatureContributionMapper
{
    internal const string LoaderSignature = "MlNetNeuralMlpBinary";
    private const string ModelName = "binary MLP";

    /// <summary>Wraps a trained network whose single output is the logit of the positive class.</summary>
    /// <param name="env">The ML.NET host environment.</param>
    /// <param name="network">The network; its output layer must have one unit.</param>
    /// <param name="history">How it was trained.</param>
    /// <param name="inputEncoding">The encoding applied to the features before the network, or <c>null</c>; it must write <see cref="DenseNetwork.InputSize"/> values.</param>
    /// <param name="trainingState">The trainer's state for continued training (<see cref="MlpModelParametersBase{TOutput}.TrainingState"/>), or empty.</param>
    public MlpBinaryModelParameters(IHostEnvironment env, DenseNetwork network, TrainingHistory history, InputEncoding? inputEncoding = null,
        ReadOnlyMemory<byte> trainingState = default)
        : base(env, ModelName, network, history, inputEncoding, trainingState)
    {
        if (network.OutputSize != 1)
            throw new ArgumentException($"A binary MLP has one output unit; this network has {network.OutputSize}.", nameof(network));
    }

    private MlpBinaryModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, ModelName, ctx)
    {
        // *** Binary format *** : exactly MlpModelParametersBase's, with one output unit.
        // A marked format error (ModelDecoder.Corrupt), so that ML.NET reports it as a decode error.
        if (Network.OutputSize != 1)
            throw new ModelDecoder(ctx, ModelName).Corrupt("LayerSizes", $"gives the output layer {Network.OutputSize} units, expected 1");
    }

    /// <summary>The output type: the scalar score (logit).</summary>
    public override DataViewType OutputType => NumberDataViewType.Single;

    /// <summary>The distribution type: the probability of the positive class.</summary>
    public DataViewType DistType => NumberDataViewType.Single;

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    // Version history: 0x00010001 initial; 0x00010002 adds the input encoding after the history; 0x00010003 adds the
    // training state after it (written only by a model that has one).
    private static VersionInfo GetVersionInfo() => ModelVersions.AtTrainingState("MLNNMLPB", LoaderSignature, typeof(MlpBinaryModelParameters));

    /// <summary>The loader entry point ML.NET calls through <see cref="LoadableClassAttribute"/>.</summary>
    public static MlpBinaryModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return new MlpBinaryModelParameters(env, ctx);
    }

    private protected override VersionInfo VersionInfo => TrainingState.IsEmpty
        ? ModelVersions.AtInputEncoding("MLNNMLPB", LoaderSignature, typeof(MlpBinaryModelParameters))
        : GetVersionInfo();

    private protected override ValueMapper<VBuffer<float>, float> MakeMapper()
    {
        var buffers = new ForwardBuffers(Network, InputEncoding);
        return (in VBuffer<float> src, ref float dst) => dst = buffers.Run(src)[0];
    }

    // ONNX: Score = the network's logit; Probability (when the scorer asks for it) = Sigmoid(Score).
    private protected override void SaveAsOnnxCore(OnnxContext ctx, string[] outputs, string features)
    {
        string score = NetworkOnnxWriter.ScoreOutput(outputs);
        NetworkOnnxWriter.WriteLayers(ctx, Network, Network.LayerCount, features, score, LoaderSignature);
        if (outputs.Length >= 3)
            NetworkOnnxWriter.WriteSigmoid(ctx, score, outputs[2]);
    }

    ValueMapper<TIn, TOut, TDist> IValueMapperDist.GetMapper<TIn, TOut, TDist>()
    {
        if (typeof(TIn) != typeof(VBuffer<float>) || typeof(TOut) != typeof(float) || typeof(TDist) != typeof(float))
            throw new InvalidOperationException($"The {ModelName} maps VBuffer<float> to (float score, float probability).");
        var buffers = new ForwardBuffers(Network, InputEncoding);
        ValueMapper<VBuffer<float>, float, float> mapper = (in VBuffer<float> src, ref float score, ref float probability) =>
        {
            score = buffers.Run(src)[0];
            probability = StableSigmoid(score);
        };
        return (ValueMapper<TIn, TOut, TDist>)(Delegate)mapper;
    }

    /// <summary>
    /// What ML.NET's <c>CalculateFeatureContribution</c> reads: each feature's share of the score (the logit), by integrated gradients
    /// from the row the model's input scaling maps to zero (32 steps, refined until they add up).
    /// </summary>
    FeatureContributionCalculator ICalculateFeatureContribution.FeatureContributionCalculator => new(this);

    ValueMapper<TSrc, VBuffer<float>> IFeatureContributionMapper.GetFeatureContributionMapper<TSrc, TDst>(int top, int bottom, bool normalize) =>
        ContributionMappers.ForNetwork<TSrc>(Network, InputEncoding, 1f, top, bottom, normalize);

    private static float StableSigmoid(float logit) =>
        logit >= 0 ? 1f / (1f + MathF.Exp(-logit)) : MathF.Exp(logit) / (1f + MathF.Exp(logit));
}
