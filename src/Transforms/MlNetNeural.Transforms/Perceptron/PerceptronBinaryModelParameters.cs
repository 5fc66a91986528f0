using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Explain;
using MlNetNeural.Onnx;
using MlNetNeural.Perceptron;
using MlNetNeural.Persistence;

[assembly: LoadableClass(typeof(PerceptronBinaryModelParameters), null, typeof(SignatureLoadModel),
    "MlNetNeural Binary Perceptron", PerceptronBinaryModelParameters.LoaderSignature)]

namespace MlNetNeural.Perceptron;

/// <summary>
/// A trained Rosenblatt perceptron for binary classification: <c>Score = w·x + b</c>, and the
/// predicted label is <c>Score &gt; 0</c>. Like ML.NET's averaged perceptron it has no probability;
/// evaluate it with <c>EvaluateNonCalibrated</c>.
/// </summary>
public sealed class PerceptronBinaryModelParameters : ModelParametersBase<float>, IValueMapper, ISingleCanSaveOnnx,
    ICalculateFeatureContribution, IFeatureContributionMapper
{
    internal const string LoaderSignature = "MlNetNeuralPerceptronBin";
    private const string ModelName = "binary perceptron";

    private readonly float[] _weights;
    private readonly int[] _misclassificationsPerEpoch;

    /// <summary>Creates the model from trained weights.</summary>
    /// <param name="env">The ML.NET host environment.</param>
    /// <param name="weights">One weight per feature.</param>
    /// <param name="bias">The bias (intercept).</param>
    /// <param name="misclassificationsPerEpoch">Training errors made during each epoch's pass.</param>
    public PerceptronBinaryModelParameters(IHostEnvironment env, float[] weights, float bias, IReadOnlyList<int> misclassificationsPerEpoch)
        : base(env, ModelName)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(misclassificationsPerEpoch);
        if (weights.Length == 0)
            throw new ArgumentException("A perceptron needs at least one feature weight.", nameof(weights));
        if (!weights.All(float.IsFinite) || !float.IsFinite(bias))
            throw new ArgumentException("Perceptron weights and bias must be finite.", nameof(weights));
        _weights = (float[])weights.Clone();
        Bias = bias;
        _misclassificationsPerEpoch = misclassificationsPerEpoch.ToArray();
        InputType = new VectorDataViewType(NumberDataViewType.Single, _weights.Length);
    }

    private PerceptronBinaryModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, ModelName, ctx)
    {
        // *** Binary format ***
        // int: sizeof(float) (written by the base class)
        // int: number of features n, n >= 1
        // float[n]: weights, finite
        // float: bias, finite; |w|·2²⁰ + |b| within float32's range (OverflowGuard)
        // int: number of epochs e, e >= 0
        // int[e]: misclassifications during each epoch, >= 0
        var decoder = new ModelDecoder(ctx, ModelName);
        int features = decoder.ReadInt32("FeatureCount", 1, int.MaxValue);
        _weights = decoder.ReadFiniteSingles("Weights", features);
        Bias = decoder.ReadFiniteSingle("Bias");
        OverflowGuard.Check(decoder, "Weights", OverflowGuard.LayerBound(_weights, [Bias], features, OverflowGuard.InputBound));
        _misclassificationsPerEpoch = decoder.ReadCounts("MisclassificationsPerEpoch");
        InputType = new VectorDataViewType(NumberDataViewType.Single, _weights.Length);
    }

    /// <summary>The feature weights, one per input slot.</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>The bias (intercept).</summary>
    public float Bias { get; }

    /// <summary>How many training examples each epoch misclassified: the perceptron's error curve.</summary>
    public IReadOnlyList<int> MisclassificationsPerEpoch => _misclassificationsPerEpoch;

    /// <summary>The input type: a vector of <see cref="float"/> of the trained feature count.</summary>
    public DataViewType InputType { get; }

    /// <summary>The output type: the scalar score.</summary>
    public DataViewType OutputType => NumberDataViewType.Single;

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    // Version history: 0x00010001 initial.
    private static VersionInfo GetVersionInfo() => ModelVersions.AtInitial("MLNNPCPB", LoaderSignature, typeof(PerceptronBinaryModelParameters));

    /// <summary>The loader entry point ML.NET calls through <see cref="LoadableClassAttribute"/>.</summary>
    public static PerceptronBinaryModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return new PerceptronBinaryModelParameters(env, ctx);
    }

    /// <inheritdoc />
    protected override void SaveCore(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        base.SaveCore(ctx);
        // Binary format: see the loading constructor.
        ctx.Writer.Write(_weights.Length);
        ctx.WriteSingles(_weights);
        ctx.Writer.Write(Bias);
        ctx.WriteCounts(_misclassificationsPerEpoch);
    }

    /// <summary>Computes <c>w·x + b</c> for one feature vector.</summary>
    public float Score(ReadOnlySpan<float> features)
    {
        if (features.Length != _weights.Length)
            throw new ArgumentException($"Expected {_weights.Length} features but got {features.Length}.", nameof(features));
        return TensorPrimitives.Dot(_weights, features) + Bias;
    }

    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    // ONNX: Score = Gemm(features, w, b); the scorer adds PredictedLabel.
    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckOpSetVersion(NetworkOnnxWriter.MinimumOpSetVersion, LoaderSignature);
        NetworkOnnxWriter.WriteDense(ctx, featureColumn, _weights, [Bias], 1, _weights.Length, NetworkOnnxWriter.ScoreOutput(outputNames), "Perceptron");
        return true;
    }

    /// <summary>
    /// What ML.NET's <c>CalculateFeatureContribution</c> reads: wᵢ·xᵢ for each feature, exactly as for ML.NET's linear models.
    /// </summary>
    FeatureContributionCalculator ICalculateFeatureContribution.FeatureContributionCalculator => new(this);

    ValueMapper<TSrc, VBuffer<float>> IFeatureContributionMapper.GetFeatureContributionMapper<TSrc, TDst>(int top, int bottom, bool normalize) =>
        ContributionMappers.ForLinear<TSrc>(_weights, top, bottom, normalize);

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        if (typeof(TSrc) != typeof(VBuffer<float>) || typeof(TDst) != typeof(float))
            throw new InvalidOperationException($"The {ModelName} maps VBuffer<float> to float, not {typeof(TSrc).Name} to {typeof(TDst).Name}.");
        ValueMapper<VBuffer<float>, float> mapper = (in VBuffer<float> src, ref float dst) =>
        {
            FeatureVectors.CheckLength(src, _weights.Length);
            dst = FeatureVectors.Dot(_weights, src) + Bias; // a sparse row costs its non-zeros
        };
        return (ValueMapper<TSrc, TDst>)(Delegate)mapper;
    }
}
