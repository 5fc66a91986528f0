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

[assembly: LoadableClass(typeof(MlpRegressionModelParameters), null, typeof(SignatureLoadModel),
    "MlNetNeural Regression MLP", MlpRegressionModelParameters.LoaderSignature)]

namespace MlNetNeural.Mlp;

/// <summary>
/// A trained MLP for regression. The network learns the standardized target
/// <c>(y − TargetMean) / TargetScale</c>, so raw targets of any scale train with default settings;
/// <c>Score</c> is the network output mapped back: <c>output · TargetScale + TargetMean</c>.
/// </summary>
public sealed class MlpRegressionModelParameters : MlpModelParametersBase<float>, ICalculateFeatureContribution, IFeatureContributionMapper
{
    internal const string LoaderSignature = "MlNetNeuralMlpRegression";
    private const string ModelName = "regression MLP";

    /// <summary>Wraps a trained network with one output and the target's standardization.</summary>
    /// <param name="env">The ML.NET host environment.</param>
    /// <param name="network">The network; its output layer has one unit.</param>
    /// <param name="history">How it was trained.</param>
    /// <param name="targetMean">The mean subtracted from the training targets.</param>
    /// <param name="targetScale">The scale the training targets were divided by; finite and &gt; 0.</param>
    /// <param name="inputEncoding">The encoding applied to the features before the network, or <c>null</c>; it must write <see cref="DenseNetwork.InputSize"/> values.</param>
    /// <param name="trainingState">The trainer's state for continued training (<see cref="MlpModelParametersBase{TOutput}.TrainingState"/>), or empty.</param>
    public MlpRegressionModelParameters(IHostEnvironment env, DenseNetwork network, TrainingHistory history, double targetMean, double targetScale,
        InputEncoding? inputEncoding = null,
        ReadOnlyMemory<byte> trainingState = default)
        : base(env, ModelName, network, history, inputEncoding, trainingState)
    {
        if (network.OutputSize != 1)
            throw new ArgumentException($"A regression MLP has one output unit; this network has {network.OutputSize}.", nameof(network));
        if (!double.IsFinite(targetMean))
            throw new ArgumentOutOfRangeException(nameof(targetMean), targetMean, "Must be finite.");
        if (!double.IsFinite(targetScale) || targetScale <= 0)
            throw new ArgumentOutOfRangeException(nameof(targetScale), targetScale, "Must be finite and > 0.");
        TargetMean = targetMean;
        TargetScale = targetScale;
    }

    private MlpRegressionModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, ModelName, ctx)
    {
        // *** Binary format ***
        // <MlpModelParametersBase's fields>, with one output unit
        // double: target mean, finite
        // double: target scale, finite, > 0; the scaled output stays within float32's range (OverflowGuard)
        var decoder = new ModelDecoder(ctx, ModelName);
        if (Network.OutputSize != 1)
            throw decoder.Corrupt("LayerSizes", $"gives the output layer {Network.OutputSize} units, expected 1");
        TargetMean = decoder.ReadFiniteDouble("TargetMean");
        TargetScale = decoder.ReadFiniteDouble("TargetScale");
        if (TargetScale <= 0)
            throw decoder.Corrupt("TargetScale", $"is {TargetScale}, not > 0");
        OverflowGuard.Check(decoder, "TargetScale", OverflowGuard.NetworkBound(Network) * TargetScale + Math.Abs(TargetMean));
    }

    /// <summary>The mean of the training targets.</summary>
    public double TargetMean { get; }

    /// <summary>The scale (standard deviation) of the training targets.</summary>
    public double TargetScale { get; }

    /// <summary>The output type: the scalar prediction.</summary>
    public override DataViewType OutputType => NumberDataViewType.Single;

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.Regression;

    // Version history: 0x00010001 initial; 0x00010002 adds the input encoding after the history; 0x00010003 adds the
    // training state after it (written only by a model that has one).
    private static VersionInfo GetVersionInfo() => ModelVersions.AtTrainingState("MLNNMLPR", LoaderSignature, typeof(MlpRegressionModelParameters));

    /// <summary>The loader entry point ML.NET calls through <see cref="LoadableClassAttribute"/>.</summary>
    public static MlpRegressionModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return new MlpRegressionModelParameters(env, ctx);
    }

    private protected override VersionInfo VersionInfo => TrainingState.IsEmpty
        ? ModelVersions.AtInputEncoding("MLNNMLPR", LoaderSignature, typeof(MlpRegressionModelParameters))
        : GetVersionInfo();

    /// <inheritdoc />
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.Writer.Write(TargetMean);
        ctx.Writer.Write(TargetScale);
    }

    // ONNX: Score = output · TargetScale + TargetMean, in float as the mapper below.
    private protected override void SaveAsOnnxCore(OnnxContext ctx, string[] outputs, string features)
    {
        string output = ctx.AddIntermediateVariable(null, "MlpOutput", skip: true);
        NetworkOnnxWriter.WriteLayers(ctx, Network, Network.LayerCount, features, output, LoaderSignature);
        NetworkOnnxWriter.WriteScaleShift(ctx, output, (float)TargetScale, (float)TargetMean, NetworkOnnxWriter.ScoreOutput(outputs));
    }

    /// <summary>
    /// What ML.NET's <c>CalculateFeatureContribution</c> reads: each feature's share of the prediction, by integrated gradients
    /// from the row the model's input scaling maps to zero (32 steps, refined until they add up).
    /// </summary>
    FeatureContributionCalculator ICalculateFeatureContribution.FeatureContributionCalculator => new(this);

    ValueMapper<TSrc, VBuffer<float>> IFeatureContributionMapper.GetFeatureContributionMapper<TSrc, TDst>(int top, int bottom, bool normalize) =>
        ContributionMappers.ForNetwork<TSrc>(Network, InputEncoding, (float)TargetScale, top, bottom, normalize);

    private protected override ValueMapper<VBuffer<float>, float> MakeMapper()
    {
        var buffers = new ForwardBuffers(Network, InputEncoding);
        float mean = (float)TargetMean, scale = (float)TargetScale;
        return (in VBuffer<float> src, ref float dst) => dst = buffers.Run(src)[0] * scale + mean;
    }
}
