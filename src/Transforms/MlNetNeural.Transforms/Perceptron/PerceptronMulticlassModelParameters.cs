using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Neural;
using MlNetNeural.Onnx;
using MlNetNeural.Perceptron;
using MlNetNeural.Persistence;

[assembly: LoadableClass(typeof(PerceptronMulticlassModelParameters), null, typeof(SignatureLoadModel),
    "MlNetNeural Multiclass Perceptron", PerceptronMulticlassModelParameters.LoaderSignature)]

namespace MlNetNeural.Perceptron;

/// <summary>
/// A trained multiclass perceptron: one weight vector per class, the predicted class is the arg-max
/// of <c>W·x + b</c>. The <c>Score</c> column holds the softmax of those raw scores, so that it sums
/// to one like every ML.NET multiclass trainer's and <c>Evaluate</c>'s log-loss is defined; the arg-max,
/// and so the prediction, is the same either way.
/// </summary>
public sealed class PerceptronMulticlassModelParameters : ModelParametersBase<VBuffer<float>>, IValueMapper, ISingleCanSaveOnnx
{
    internal const string LoaderSignature = "MlNetNeuralPerceptronMc";
    private const string ModelName = "multiclass perceptron";

    private readonly float[] _weights; // classes × features, row-major
    private readonly float[] _biases;
    private readonly int[] _misclassificationsPerEpoch;

    /// <summary>Creates the model from trained weights.</summary>
    /// <param name="env">The ML.NET host environment.</param>
    /// <param name="featureCount">Number of input features.</param>
    /// <param name="weights">Class-major weights: <c>classes × featureCount</c> values.</param>
    /// <param name="biases">One bias per class.</param>
    /// <param name="misclassificationsPerEpoch">Training errors made during each epoch's pass.</param>
    public PerceptronMulticlassModelParameters(IHostEnvironment env, int featureCount, float[] weights, float[] biases, IReadOnlyList<int> misclassificationsPerEpoch)
        : base(env, ModelName)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        ArgumentNullException.ThrowIfNull(misclassificationsPerEpoch);
        if (featureCount < 1)
            throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "A perceptron needs at least one feature.");
        if (biases.Length < 2)
            throw new ArgumentException("A multiclass perceptron needs at least two classes.", nameof(biases));
        if (weights.Length != (long)featureCount * biases.Length)
            throw new ArgumentException($"Expected {featureCount} × {biases.Length} weights but got {weights.Length}.", nameof(weights));
        if (!weights.All(float.IsFinite) || !biases.All(float.IsFinite))
            throw new ArgumentException("Perceptron weights and biases must be finite.", nameof(weights));
        FeatureCount = featureCount;
        _weights = (float[])weights.Clone();
        _biases = (float[])biases.Clone();
        _misclassificationsPerEpoch = misclassificationsPerEpoch.ToArray();
        (InputType, OutputType) = MakeTypes();
    }

    private PerceptronMulticlassModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, ModelName, ctx)
    {
        // *** Binary format ***
        // int: sizeof(float) (written by the base class)
        // int: number of features n, n >= 1
        // int: number of classes k, k >= 2
        // float[k*n]: weights, class-major, finite
        // float[k]: biases, finite; every class's |w|·2²⁰ + |b| within float32's range (OverflowGuard)
        // int: number of epochs e, e >= 0
        // int[e]: misclassifications during each epoch, >= 0
        var decoder = new ModelDecoder(ctx, ModelName);
        FeatureCount = decoder.ReadInt32("FeatureCount", 1, int.MaxValue);
        int classes = decoder.ReadInt32("ClassCount", 2, int.MaxValue);
        _weights = decoder.ReadFiniteSingles("Weights", (long)classes * FeatureCount);
        _biases = decoder.ReadFiniteSingles("Biases", classes);
        OverflowGuard.Check(decoder, "Weights", OverflowGuard.LayerBound(_weights, _biases, FeatureCount, OverflowGuard.InputBound));
        _misclassificationsPerEpoch = decoder.ReadCounts("MisclassificationsPerEpoch");
        (InputType, OutputType) = MakeTypes();
    }

    /// <summary>Number of input features.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount => _biases.Length;

    /// <summary>Class-major weights: row <c>c</c> (of length <see cref="FeatureCount"/>) belongs to class <c>c</c>.</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>One bias per class.</summary>
    public IReadOnlyList<float> Biases => _biases;

    /// <summary>How many training examples each epoch misclassified: the perceptron's error curve.</summary>
    public IReadOnlyList<int> MisclassificationsPerEpoch => _misclassificationsPerEpoch;

    /// <summary>The input type: a vector of <see cref="float"/> of the trained feature count.</summary>
    public DataViewType InputType { get; }

    /// <summary>The output type: a vector of one score per class.</summary>
    public DataViewType OutputType { get; }

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    private (DataViewType, DataViewType) MakeTypes() =>
        (new VectorDataViewType(NumberDataViewType.Single, FeatureCount), new VectorDataViewType(NumberDataViewType.Single, ClassCount));

    // Version history: 0x00010001 initial.
    private static VersionInfo GetVersionInfo() => ModelVersions.AtInitial("MLNNPCPM", LoaderSignature, typeof(PerceptronMulticlassModelParameters));

    /// <summary>The loader entry point ML.NET calls through <see cref="LoadableClassAttribute"/>.</summary>
    public static PerceptronMulticlassModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return new PerceptronMulticlassModelParameters(env, ctx);
    }

    /// <inheritdoc />
    protected override void SaveCore(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        base.SaveCore(ctx);
        // Binary format: see the loading constructor.
        ctx.Writer.Write(FeatureCount);
        ctx.Writer.Write(ClassCount);
        ctx.WriteSingles(_weights);
        ctx.WriteSingles(_biases);
        ctx.WriteCounts(_misclassificationsPerEpoch);
    }

    /// <summary>Writes the raw class scores <c>W·x + b</c> into <paramref name="scores"/>.</summary>
    public void RawScores(ReadOnlySpan<float> features, Span<float> scores)
    {
        if (features.Length != FeatureCount)
            throw new ArgumentException($"Expected {FeatureCount} features but got {features.Length}.", nameof(features));
        if (scores.Length != ClassCount)
            throw new ArgumentException($"Expected room for {ClassCount} scores but got {scores.Length}.", nameof(scores));
        for (int c = 0; c < ClassCount; c++)
            scores[c] = TensorPrimitives.Dot(_weights.AsSpan(c * FeatureCount, FeatureCount), features) + _biases[c];
    }

    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    // ONNX: Score = Softmax(Gemm(features, W, b)), PredictedLabel = arg-max + 1 as a key.
    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(outputNames);
        ctx.CheckOpSetVersion(NetworkOnnxWriter.MinimumOpSetVersion, LoaderSignature);
        string logits = ctx.AddIntermediateVariable(null, "PerceptronLogits", skip: true);
        NetworkOnnxWriter.WriteDense(ctx, featureColumn, _weights, _biases, ClassCount, FeatureCount, logits, "Perceptron");
        NetworkOnnxWriter.WriteMulticlassHead(ctx, logits, outputNames);
        return true;
    }

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        if (typeof(TSrc) != typeof(VBuffer<float>) || typeof(TDst) != typeof(VBuffer<float>))
            throw new InvalidOperationException($"The {ModelName} maps VBuffer<float> to VBuffer<float>, not {typeof(TSrc).Name} to {typeof(TDst).Name}.");
        ValueMapper<VBuffer<float>, VBuffer<float>> mapper = (in VBuffer<float> src, ref VBuffer<float> dst) =>
        {
            FeatureVectors.CheckLength(src, FeatureCount);
            var editor = VBufferEditor.Create(ref dst, ClassCount);
            for (int c = 0; c < ClassCount; c++) // a sparse row costs its non-zeros per class
                editor.Values[c] = FeatureVectors.Dot(_weights.AsSpan(c * FeatureCount, FeatureCount), src) + _biases[c];
            // Max-shifted: TensorPrimitives.SoftMax does not shift, so a raw score above ~88 gave NaN.
            Softmax.Apply<float>(editor.Values, editor.Values);
            dst = editor.Commit();
        };
        return (ValueMapper<TSrc, TDst>)(Delegate)mapper;
    }
}
