using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetNeural.Explain;
using MlNetNeural.Neural;
using MlNetNeural.Persistence;

[assembly: LoadableClass(typeof(MlpFeatureContributionTransformer), null, typeof(SignatureLoadModel),
    MlpFeatureContributionTransformer.UserName, MlpFeatureContributionTransformer.LoaderSignature)]

[assembly: LoadableClass(typeof(IRowMapper), typeof(MlpFeatureContributionTransformer), null, typeof(SignatureLoadRowMapper),
    MlpFeatureContributionTransformer.UserName, MlpFeatureContributionTransformer.LoaderSignature)]

[assembly: LoadableClass(typeof(IDataTransform), typeof(MlpFeatureContributionTransformer), null, typeof(SignatureLoadDataTransform),
    MlpFeatureContributionTransformer.UserName, MlpFeatureContributionTransformer.LoaderSignature)]

namespace MlNetNeural.Explain;

/// <summary>
/// Adds each feature's contribution to an MLP's score (binary: the logit; regression: the prediction; multiclass: each
/// class's logit, or the predicted class's), computed as <see cref="MlpFeatureContributionOptions"/> say. Every
/// contribution is kept; ML.NET's <c>CalculateFeatureContribution</c> selects the largest ones for binary and regression MLPs.
/// </summary>
public sealed class MlpFeatureContributionTransformer : OneToOneTransformerBase
{
    internal const string LoaderSignature = "MlNetNeuralMlpContrib"; // at most 24 characters
    internal const string UserName = "MlNetNeural MLP Feature Contributions";
    private const string ModelName = "MLP feature contributions";

    private readonly float[]? _baseline;

    internal MlpFeatureContributionTransformer(IHostEnvironment env, DenseNetwork network, InputEncoding? inputEncoding, float outputScale,
        MlpFeatureContributionOptions options, string inputColumnName)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(MlpFeatureContributionTransformer)), (options.OutputColumnName, inputColumnName))
    {
        Network = network;
        InputEncoding = inputEncoding;
        options.Validate(FeatureCount);
        OutputScale = outputScale;
        Method = options.Method;
        Steps = options.Steps;
        MaximumSteps = options.MaximumSteps;
        PredictedClassOnly = options.PredictedClassOnly;
        _baseline = options.Baseline?.ToArray();
        OutputType = MakeOutputType();
    }

    private MlpFeatureContributionTransformer(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format ***
        // int: number of column pairs, must be 1 (written by OneToOneTransformerBase)
        // int, int: string ids of the output and input column names (written by OneToOneTransformerBase)
        // float: output scale, finite and > 0 (the regression MLP's target scale, else 1)
        // byte: method (0 integrated gradients, 1 gradient × input)
        // int: steps s ≥ 1; int: maximum steps ≥ s
        // byte: predicted class only (0 or 1)
        // int: baseline length, 0 (the default baseline) or the feature count; float[]: the baseline, finite
        // network (see NetworkCodec), then the input encoding (see InputEncodingCodec)
        var decoder = new ModelDecoder(ctx, ModelName);
        if (ColumnPairs.Length != 1)
            throw decoder.Corrupt("ColumnCount", $"is {ColumnPairs.Length}, expected 1");
        OutputScale = decoder.ReadFiniteSingle("OutputScale");
        if (OutputScale <= 0)
            throw decoder.Corrupt("OutputScale", $"is {OutputScale}, not > 0");
        Method = (FeatureContributionMethod)decoder.ReadByte("Method", (byte)FeatureContributionMethod.GradientTimesInput);
        Steps = decoder.ReadInt32("Steps", 1, int.MaxValue);
        MaximumSteps = decoder.ReadInt32("MaximumSteps", Steps, int.MaxValue);
        PredictedClassOnly = decoder.ReadByte("PredictedClassOnly", 1) == 1;
        int baselineLength = decoder.ReadInt32("BaselineLength", 0, int.MaxValue);
        _baseline = baselineLength == 0 ? null : decoder.ReadFiniteSingles("Baseline", baselineLength);
        Network = NetworkCodec.Read(decoder);
        InputEncoding = InputEncodingCodec.Read(decoder, ModelVersions.WithInputEncoding, Network.InputSize); // always present in this kind
        if (_baseline is not null && _baseline.Length != FeatureCount)
            throw decoder.Corrupt("BaselineLength", $"is {_baseline.Length}, expected 0 or the feature count {FeatureCount}");
        OutputType = MakeOutputType();
    }

    /// <summary>The name of the output column.</summary>
    public string OutputColumnName => ColumnPairs[0].outputColumnName;

    /// <summary>The name of the input (features) column.</summary>
    public string InputColumnName => ColumnPairs[0].inputColumnName;

    /// <summary>The explained MLP's network.</summary>
    public DenseNetwork Network { get; }

    /// <summary>The explained MLP's encoding of the raw features before <see cref="Network"/>, or <c>null</c>.</summary>
    public InputEncoding? InputEncoding { get; }

    /// <summary>What the network's output is multiplied by to give the explained score (the regression MLP's target scale, else 1).</summary>
    public float OutputScale { get; }

    /// <summary>How the contributions are computed.</summary>
    public FeatureContributionMethod Method { get; }

    /// <summary>The path segments integrated gradients starts with.</summary>
    public int Steps { get; }

    /// <summary>The most gradients integrated gradients computes for one row and output.</summary>
    public int MaximumSteps { get; }

    /// <summary>Whether a multiclass MLP's predicted class alone is explained.</summary>
    public bool PredictedClassOnly { get; }

    /// <summary>The row explained against, or <c>null</c> for the row the model's input scaling maps to zero.</summary>
    public IReadOnlyList<float>? Baseline => _baseline;

    /// <summary>Number of raw features read per row.</summary>
    public int FeatureCount => InputEncoding?.InputSize ?? Network.InputSize;

    /// <summary>Explained scores per row: the network's outputs, or 1 when only the predicted class is explained.</summary>
    public int ExplainedOutputs => PredictedClassOnly ? 1 : Network.OutputSize;

    /// <summary>The output column's type: <see cref="FeatureCount"/> floats, or classes × features for every class of a multiclass MLP.</summary>
    public VectorDataViewType OutputType { get; }

    private VectorDataViewType MakeOutputType() => ExplainedOutputs == 1
        ? new VectorDataViewType(NumberDataViewType.Single, FeatureCount)
        : new VectorDataViewType(NumberDataViewType.Single, ExplainedOutputs, FeatureCount);

    // Version history: 0x00010001 initial.
    private static VersionInfo GetVersionInfo() => ModelVersions.AtInitial("MLNNCONT", LoaderSignature, typeof(MlpFeatureContributionTransformer));

    /// <summary>The loader entry point ML.NET calls through <see cref="LoadableClassAttribute"/>.</summary>
    /// <param name="env">The ML.NET host environment.</param>
    /// <param name="ctx">The model block to read.</param>
    /// <returns>The loaded transformer.</returns>
    public static MlpFeatureContributionTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return new MlpFeatureContributionTransformer(env.Register(nameof(MlpFeatureContributionTransformer)), ctx);
    }

    // Factory method for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);

    // Factory method for SignatureLoadDataTransform.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The return type is the signature ML.NET's loader looks for.")]
    private static IDataTransform Create(IHostEnvironment env, ModelLoadContext ctx, IDataView input)
        => Create(env, ctx).MakeDataTransform(input);

    /// <summary>Writes the columns, the options and the network (see the loading constructor).</summary>
    /// <param name="ctx">The model block to write.</param>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        SaveColumns(ctx);
        ctx.Writer.Write(OutputScale);
        ctx.Writer.Write((byte)Method);
        ctx.Writer.Write(Steps);
        ctx.Writer.Write(MaximumSteps);
        ctx.Writer.Write((byte)(PredictedClassOnly ? 1 : 0));
        ctx.Writer.Write(_baseline?.Length ?? 0);
        if (_baseline is not null)
            ctx.WriteSingles(_baseline);
        NetworkCodec.Write(ctx, Network);
        InputEncodingCodec.Write(ctx, InputEncoding);
    }

    /// <summary>Fails unless the input column is a vector of <see cref="float"/> of the model's feature count.</summary>
    /// <param name="inputSchema">The schema being bound.</param>
    /// <param name="col">The column pair index (always 0).</param>
    /// <param name="srcCol">The input column's index in <paramref name="inputSchema"/>.</param>
    protected override void CheckInputColumn(DataViewSchema inputSchema, int col, int srcCol)
        => FeatureVectors.CheckColumn(Host, inputSchema, srcCol, InputColumnName, FeatureCount);

    /// <summary>Builds the per-schema mapper.</summary>
    /// <param name="schema">The input schema.</param>
    /// <returns>The mapper.</returns>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    private sealed class Mapper : OneToOneMapperBase
    {
        private readonly MlpFeatureContributionTransformer _owner;

        public Mapper(MlpFeatureContributionTransformer parent, DataViewSchema inputSchema)
            : base(parent.Host.Register(nameof(Mapper)), parent, inputSchema)
        {
            _owner = parent;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore()
        {
            var builder = new DataViewSchema.Annotations.Builder();
            var input = InputSchema[ColMapNewToOld[0]];
            if (_owner.ExplainedOutputs == 1 && input.HasSlotNames(_owner.FeatureCount))
                builder.Add(input.Annotations, name => name == AnnotationUtils.Kinds.SlotNames);
            return [new DataViewSchema.DetachedColumn(_owner.OutputColumnName, _owner.OutputType, builder.ToAnnotations())];
        }

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            var source = input.GetGetter<VBuffer<float>>(input.Schema[ColMapNewToOld[iinfo]]);
            // One explainer and set of buffers per getter (so per cursor): no allocation per row after the first.
            var owner = _owner;
            var contributions = new NetworkContributions(owner.Network, owner.InputEncoding, owner.Method, owner.Steps, owner.MaximumSteps, owner._baseline);
            int outputs = owner.Network.OutputSize, features = owner.FeatureCount;
            var outputWeights = new float[outputs];
            var features0 = default(VBuffer<float>);
            var single = default(VBuffer<float>);
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> dst) =>
            {
                source(ref features0);
                contributions.Prepare(features0);
                if (owner.ExplainedOutputs == 1)
                {
                    Array.Clear(outputWeights);
                    outputWeights[outputs == 1 ? 0 : ArgMax(contributions.RowOutputs)] = owner.OutputScale;
                    contributions.Explain(outputWeights, ref dst);
                    return;
                }

                // Every class: class c's contributions fill slots c·features … (c + 1)·features − 1. A sparse row has the
                // same slots for every class, so each class takes the same number of stored values.
                VBufferEditor<float> editor = default;
                for (int c = 0; c < outputs; c++)
                {
                    Array.Clear(outputWeights);
                    outputWeights[c] = owner.OutputScale;
                    contributions.Explain(outputWeights, ref single);
                    var values = single.GetValues();
                    if (c == 0)
                    {
                        editor = single.IsDense
                            ? VBufferEditor.Create(ref dst, outputs * features)
                            : VBufferEditor.Create(ref dst, outputs * features, outputs * values.Length, keepOldOnResize: false, requireIndicesOnDense: false);
                    }

                    values.CopyTo(editor.Values.Slice(c * values.Length, values.Length));
                    if (!single.IsDense)
                    {
                        var indices = single.GetIndices();
                        var target = editor.Indices.Slice(c * values.Length, values.Length);
                        for (int j = 0; j < indices.Length; j++)
                            target[j] = c * features + indices[j];
                    }
                }

                dst = editor.Commit();
            };
            return getter;
        }

        private static int ArgMax(ReadOnlySpan<float> values)
        {
            int best = 0;
            for (int k = 1; k < values.Length; k++)
            {
                if (values[k] > values[best])
                    best = k;
            }

            return best;
        }
    }
}
