using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MlNetNeural.Featurizers;
using MlNetNeural.Neural;
using MlNetNeural.Onnx;
using MlNetNeural.Persistence;

[assembly: LoadableClass(typeof(MlpHiddenLayerTransformer), null, typeof(SignatureLoadModel),
    MlpHiddenLayerTransformer.UserName, MlpHiddenLayerTransformer.LoaderSignature)]

[assembly: LoadableClass(typeof(IRowMapper), typeof(MlpHiddenLayerTransformer), null, typeof(SignatureLoadRowMapper),
    MlpHiddenLayerTransformer.UserName, MlpHiddenLayerTransformer.LoaderSignature)]

[assembly: LoadableClass(typeof(IDataTransform), typeof(MlpHiddenLayerTransformer), null, typeof(SignatureLoadDataTransform),
    MlpHiddenLayerTransformer.UserName, MlpHiddenLayerTransformer.LoaderSignature)]

namespace MlNetNeural.Featurizers;

/// <summary>
/// Outputs the activations of one hidden layer of a trained MLP as a known-size vector of
/// <see cref="float"/>: the features the network learned, for another trainer to use.
/// </summary>
/// <remarks>
/// For hidden layer k the output is aₖ = fₖ(Wₖ·aₖ₋₁ + bₖ) with a₋₁ = the input features, computed
/// exactly as the MLP's own forward pass. The transformer keeps only the layers 0 … k it needs,
/// so a saved model does not depend on the MLP's output layer or on any training code.
/// It exports to ONNX as <c>Gemm</c> and activation nodes.
/// </remarks>
public sealed class MlpHiddenLayerTransformer : OneToOneTransformerBase
{
    internal const string LoaderSignature = "MlNetNeuralMlpHidden"; // at most 24 characters
    internal const string UserName = "MlNetNeural MLP Hidden Layer";
    private const string ModelName = "MLP hidden-layer featurizer";

    internal MlpHiddenLayerTransformer(IHostEnvironment env, DenseNetwork network, InputEncoding? inputEncoding, int layerIndex, string outputColumnName, string inputColumnName)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(MlpHiddenLayerTransformer)), (outputColumnName, inputColumnName))
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckHiddenLayer(network, layerIndex, nameof(layerIndex));
        LayerIndex = layerIndex;
        Network = Truncate(network, layerIndex + 1);
        InputEncoding = inputEncoding;
        OutputType = new VectorDataViewType(NumberDataViewType.Single, Network.OutputSize);
    }

    private MlpHiddenLayerTransformer(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format ***
        // int: number of column pairs, must be 1 (written by OneToOneTransformerBase)
        // int, int: string ids of the output and input column names (written by OneToOneTransformerBase)
        // int: hidden layer index k, k >= 0
        // network (see NetworkCodec): layers 0 … k of the source MLP, so exactly k + 1 layers
        // from 0x00010002: the source MLP's input encoding (see InputEncodingCodec)
        var decoder = new ModelDecoder(ctx, ModelName);
        if (ColumnPairs.Length != 1)
            throw decoder.Corrupt("ColumnCount", $"is {ColumnPairs.Length}, expected 1");
        LayerIndex = decoder.ReadInt32("LayerIndex", 0, int.MaxValue);
        Network = NetworkCodec.Read(decoder);
        if (Network.LayerCount != LayerIndex + 1)
            throw decoder.Corrupt("Network.LayerCount", $"is {Network.LayerCount}, expected LayerIndex + 1 = {LayerIndex + 1}");
        InputEncoding = InputEncodingCodec.Read(decoder, ctx.Header.ModelVerWritten, Network.InputSize);
        OutputType = new VectorDataViewType(NumberDataViewType.Single, Network.OutputSize);
    }

    /// <summary>The name of the output column.</summary>
    public string OutputColumnName => ColumnPairs[0].outputColumnName;

    /// <summary>The name of the input (features) column.</summary>
    public string InputColumnName => ColumnPairs[0].inputColumnName;

    /// <summary>The 0-based index of the hidden layer whose activations are output.</summary>
    public int LayerIndex { get; }

    /// <summary>Layers 0 … <see cref="LayerIndex"/> of the source MLP; its output is the featurizer's output.</summary>
    public DenseNetwork Network { get; }

    /// <summary>The source MLP's encoding of the raw features before <see cref="Network"/>, or <c>null</c>.</summary>
    public InputEncoding? InputEncoding { get; }

    /// <summary>Number of raw features read per row.</summary>
    public int FeatureCount => InputEncoding?.InputSize ?? Network.InputSize;

    /// <summary>Number of values per row in the output column (the hidden layer's width).</summary>
    public int OutputSize => Network.OutputSize;

    /// <summary>The output column's type: a vector of <see cref="OutputSize"/> floats.</summary>
    public VectorDataViewType OutputType { get; }

    // Version history: 0x00010001 initial; 0x00010002 adds the input encoding after the network.
    private static VersionInfo GetVersionInfo() => ModelVersions.AtInputEncoding("MLNNHIDL", LoaderSignature, typeof(MlpHiddenLayerTransformer));

    /// <summary>The loader entry point ML.NET calls through <see cref="LoadableClassAttribute"/>.</summary>
    /// <param name="env">The ML.NET host environment.</param>
    /// <param name="ctx">The model block to read.</param>
    /// <returns>The loaded transformer.</returns>
    public static MlpHiddenLayerTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        return new MlpHiddenLayerTransformer(env.Register(nameof(MlpHiddenLayerTransformer)), ctx);
    }

    // Factory method for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);

    // Factory method for SignatureLoadDataTransform.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The return type is the signature ML.NET's loader looks for.")]
    private static IDataTransform Create(IHostEnvironment env, ModelLoadContext ctx, IDataView input)
        => Create(env, ctx).MakeDataTransform(input);

    /// <summary>Writes the columns, the layer index and the kept layers (see the loading constructor).</summary>
    /// <param name="ctx">The model block to write.</param>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(GetVersionInfo());
        SaveColumns(ctx);
        ctx.Writer.Write(LayerIndex);
        NetworkCodec.Write(ctx, Network);
        InputEncodingCodec.Write(ctx, InputEncoding);
    }

    /// <summary>Fails unless the input column is a vector of <see cref="float"/> of the network's input size.</summary>
    /// <param name="inputSchema">The schema being bound.</param>
    /// <param name="col">The column pair index (always 0).</param>
    /// <param name="srcCol">The input column's index in <paramref name="inputSchema"/>.</param>
    protected override void CheckInputColumn(DataViewSchema inputSchema, int col, int srcCol)
        => FeatureVectors.CheckColumn(Host, inputSchema, srcCol, InputColumnName, FeatureCount);

    /// <summary>Builds the per-schema mapper.</summary>
    /// <param name="schema">The input schema.</param>
    /// <returns>The mapper.</returns>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    /// <summary>
    /// Fails with an <see cref="ArgumentOutOfRangeException"/> naming <paramref name="layerIndex"/> unless it
    /// indexes a hidden layer of <paramref name="network"/> (the output layer is not one).
    /// </summary>
    internal static void CheckHiddenLayer(DenseNetwork network, int layerIndex, string paramName)
    {
        int hidden = network.LayerCount - 1;
        if (layerIndex >= 0 && layerIndex < hidden)
            return;
        string sizes = string.Join(", ", network.LayerSizes.Take(hidden));
        string valid = hidden == 0
            ? "it has no hidden layer, so there is nothing to featurize"
            : $"valid values are 0 to {hidden - 1} (the output layer, index {hidden}, is not a hidden layer)";
        throw new ArgumentOutOfRangeException(paramName, layerIndex,
            $"Hidden layer index {layerIndex} is out of range for an MLP with hidden layers [{sizes}]: {valid}.");
    }

    private static DenseNetwork Truncate(DenseNetwork network, int layers) => new(
        network.InputSize,
        network.LayerSizes.Take(layers).ToArray(),
        network.Activations.Take(layers).ToArray(),
        network.Weights.Take(layers).Select(w => w.ToArray()).ToArray(),
        network.Biases.Take(layers).Select(b => b.ToArray()).ToArray());

    private sealed class Mapper : OneToOneMapperBase, ISaveAsOnnx
    {
        private readonly MlpHiddenLayerTransformer _owner;

        public Mapper(MlpHiddenLayerTransformer parent, DataViewSchema inputSchema)
            : base(parent.Host.Register(nameof(Mapper)), parent, inputSchema)
        {
            _owner = parent;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
            [new DataViewSchema.DetachedColumn(_owner.OutputColumnName, _owner.OutputType)];

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            var network = _owner.Network;
            var source = input.GetGetter<VBuffer<float>>(input.Schema[ColMapNewToOld[iinfo]]);
            // One set of buffers per getter (so per cursor): no allocation per row.
            var features = default(VBuffer<float>);
            var forward = new EncodedForward(network, _owner.InputEncoding);
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> dst) =>
            {
                source(ref features);
                var editor = VBufferEditor.Create(ref dst, network.OutputSize);
                forward.Run(features, editor.Values);
                dst = editor.Commit();
            };
            return getter;
        }

        public bool CanSaveOnnx(OnnxContext ctx) => true;

        public void SaveAsOnnx(OnnxContext ctx)
        {
            if (!ctx.ContainsColumn(_owner.InputColumnName))
                return;
            string input = ctx.GetVariableName(_owner.InputColumnName);
            if (_owner.InputEncoding is { } encoding)
                input = NetworkOnnxWriter.WriteInputEncoding(ctx, encoding, input);
            string output = ctx.AddIntermediateVariable(_owner.OutputType, _owner.OutputColumnName);
            NetworkOnnxWriter.WriteLayers(ctx, _owner.Network, _owner.Network.LayerCount, input, output, LoaderSignature);
        }
    }
}
