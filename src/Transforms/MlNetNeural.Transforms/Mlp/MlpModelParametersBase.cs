using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Neural;
using MlNetNeural.Onnx;
using MlNetNeural.Persistence;

namespace MlNetNeural.Mlp;

/// <summary>
/// What every trained multi-layer perceptron holds: the network (layer sizes, activations, weights,
/// biases — scikit-learn's <c>coefs_</c> and <c>intercepts_</c>) and the training history.
/// </summary>
/// <typeparam name="TOutput">What the model produces per row.</typeparam>
public abstract class MlpModelParametersBase<TOutput> : ModelParametersBase<TOutput>, IValueMapper, ISingleCanSaveOnnx
{
    private protected MlpModelParametersBase(IHostEnvironment env, string name, DenseNetwork network, TrainingHistory history, InputEncoding? inputEncoding,
        ReadOnlyMemory<byte> trainingState)
        : base(env, name)
    {
        TrainingState = trainingState.ToArray();
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(history);
        if (inputEncoding is not null && inputEncoding.EncodedSize != network.InputSize)
            throw new ArgumentException($"The input encoding writes {inputEncoding.EncodedSize} values but the network reads {network.InputSize}.", nameof(inputEncoding));
        Network = network;
        History = history;
        InputEncoding = inputEncoding;
        InputType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
    }

    private protected MlpModelParametersBase(IHostEnvironment env, string name, ModelLoadContext ctx)
        : base(env, name, ctx)
    {
        // *** Binary format ***
        // int: sizeof(float) (written by ModelParametersBase)
        // network (see NetworkCodec)
        // history (see NetworkCodec)
        // from 0x00010002: the input encoding (see InputEncodingCodec)
        // from 0x00010003: int32 length, then the training state's bytes (opaque here; the trainer checks them)
        // <derived kind's fields>
        var decoder = new ModelDecoder(ctx, name);
        Network = NetworkCodec.Read(decoder);
        History = NetworkCodec.ReadHistory(decoder);
        InputEncoding = InputEncodingCodec.Read(decoder, ctx.Header.ModelVerWritten, Network.InputSize);
        if (ctx.Header.ModelVerWritten >= ModelVersions.WithTrainingState)
        {
            int length = decoder.ReadInt32("TrainingState.Length", 0, int.MaxValue);
            decoder.EnsureBytes("TrainingState", length);
            TrainingState = ctx.Reader.ReadBytes(length);
        }
        InputType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
    }

    /// <summary>The trained network: layer sizes, activations, weights and biases.</summary>
    public DenseNetwork Network { get; }

    /// <summary>The per-epoch training history, the best epoch and why training stopped.</summary>
    public TrainingHistory History { get; }

    /// <summary>
    /// The robust scaling and periodic features applied to the raw features before <see cref="Network"/>
    /// (options <c>InputScaling</c> and <c>PeriodicFeatures</c>), or <c>null</c> when the network reads the features as given.
    /// </summary>
    public InputEncoding? InputEncoding { get; }

    /// <summary>
    /// What continued training needs to go on exactly where the fit that made this model ended — the optimizer's
    /// state, the random generator's state and the batch order — written by the trainer when its option
    /// <c>SaveTrainingState</c> is set, and empty otherwise. Opaque here: only the trainer reads it. It makes the
    /// model file larger (Adam keeps two values per weight) and plays no part in scoring.
    /// </summary>
    public ReadOnlyMemory<byte> TrainingState { get; } = ReadOnlyMemory<byte>.Empty;

    /// <summary>Number of input features.</summary>
    public int FeatureCount => InputEncoding?.InputSize ?? Network.InputSize;

    /// <summary>Sizes of the hidden layers (the output layer excluded).</summary>
    public IReadOnlyList<int> HiddenLayerSizes => Network.LayerSizes.Take(Network.LayerCount - 1).ToArray();

    /// <summary>The input type: a vector of <see cref="float"/> of the trained feature count.</summary>
    public DataViewType InputType { get; }

    /// <summary>The type of what the model produces per row.</summary>
    public abstract DataViewType OutputType { get; }

    /// <summary>Writes the fields this base class owns; derived kinds append theirs.</summary>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(VersionInfo);
        base.SaveCore(ctx);
        NetworkCodec.Write(ctx, Network);
        NetworkCodec.Write(ctx, History);
        InputEncodingCodec.Write(ctx, InputEncoding);
        if (!TrainingState.IsEmpty)
        {
            ctx.Writer.Write(TrainingState.Length);
            ctx.Writer.Write(TrainingState.Span);
        }
    }

    /// <summary>The derived kind's version header, written before the fields by <see cref="SaveCore"/>.</summary>
    private protected abstract VersionInfo VersionInfo { get; }

    /// <summary>Builds the per-row mapper; each call gets its own buffers, so mappers may run on separate threads.</summary>
    private protected abstract ValueMapper<VBuffer<float>, TOutput> MakeMapper();

    /// <summary>
    /// Writes the network and the task's output head into an ONNX export (see <c>Onnx/NetworkOnnxWriter</c>).
    /// </summary>
    /// <param name="ctx">The ONNX graph being built.</param>
    /// <param name="outputs">The scorer's output variable names.</param>
    /// <param name="features">The network's input variable, <c>[batch, Network.InputSize]</c> (the encoded features when there is an encoding).</param>
    private protected abstract void SaveAsOnnxCore(OnnxContext ctx, string[] outputs, string features);

    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(outputNames);
        ArgumentException.ThrowIfNullOrEmpty(featureColumn);
        string features = InputEncoding is null ? featureColumn : NetworkOnnxWriter.WriteInputEncoding(ctx, InputEncoding, featureColumn);
        SaveAsOnnxCore(ctx, outputNames, features);
        return true;
    }

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        if (typeof(TSrc) != typeof(VBuffer<float>) || typeof(TDst) != typeof(TOutput))
            throw new InvalidOperationException($"This model maps VBuffer<float> to {typeof(TOutput).Name}, not {typeof(TSrc).Name} to {typeof(TDst).Name}.");
        return (ValueMapper<TSrc, TDst>)(Delegate)MakeMapper();
    }

    /// <summary>Per-mapper buffers for the network's forward pass: one allocation per mapper, none per row.</summary>
    private protected sealed class ForwardBuffers
    {
        private readonly EncodedForward _forward;

        public ForwardBuffers(DenseNetwork network, InputEncoding? encoding)
        {
            _forward = new EncodedForward(network, encoding);
            Output = new float[network.OutputSize];
        }

        public float[] Output { get; }

        /// <summary>Scores one row; a sparse row without an encoding costs its non-zeros, never the slot count.</summary>
        public float[] Run(in VBuffer<float> features)
        {
            _forward.Run(features, Output);
            return Output;
        }
    }
}
