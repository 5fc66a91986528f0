using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetNeural.Neural;

namespace MlNetNeural.Featurizers;

/// <summary>
/// The estimator of <see cref="MlpHiddenLayerTransformer"/>: made with
/// <c>mlContext.Transforms.MlpHiddenLayer(...)</c> either from an MLP already trained (fitting
/// then only checks the schema) or from an MLP trainer (fitting trains it on the data first,
/// so that the featurizer can be cross-validated without leaking held-out rows into the network).
/// </summary>
public sealed class MlpHiddenLayerEstimator : IEstimator<MlpHiddenLayerTransformer>
{
    private readonly IHost _host;
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly int _layerIndex;
    private readonly MlpHiddenLayerTransformer? _fitted;
    private readonly Func<IDataView, (DenseNetwork Network, InputEncoding? Encoding, string FeatureColumn)>? _train;
    private readonly Func<SchemaShape, SchemaShape>? _trainerSchema;

    internal MlpHiddenLayerEstimator(IHostEnvironment env, DenseNetwork network, InputEncoding? inputEncoding, int layerIndex, string outputColumnName, string inputColumnName)
        : this(env, layerIndex, outputColumnName, inputColumnName)
    {
        _fitted = new MlpHiddenLayerTransformer(env, network, inputEncoding, layerIndex, outputColumnName, inputColumnName);
    }

    internal MlpHiddenLayerEstimator(IHostEnvironment env, Func<IDataView, (DenseNetwork, InputEncoding?, string)> train, Func<SchemaShape, SchemaShape> trainerSchema,
        int layerIndex, string outputColumnName, string inputColumnName)
        : this(env, layerIndex, outputColumnName, inputColumnName)
    {
        _train = train;
        _trainerSchema = trainerSchema;
    }

    private MlpHiddenLayerEstimator(IHostEnvironment env, int layerIndex, string outputColumnName, string inputColumnName)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        if (layerIndex < 0)
            throw new ArgumentOutOfRangeException(nameof(layerIndex), layerIndex, $"Hidden layer index {layerIndex} is out of range: it must be 0 or more.");
        _host = env.Register(nameof(MlpHiddenLayerEstimator));
        _layerIndex = layerIndex;
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName;
    }

    /// <summary>Trains the MLP first when made from a trainer, then returns the featurizer.</summary>
    /// <param name="input">The training data; it needs the features column (and the label when an MLP is trained).</param>
    /// <returns>The transformer.</returns>
    public MlpHiddenLayerTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = _fitted ?? FitTrainer(input);
        // Binding the schema checks the features column's name, type and size.
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>The input schema plus the output column, a known-size vector of <see cref="float"/>.</summary>
    /// <param name="inputSchema">The schema of the data the estimator will see.</param>
    /// <returns>The output schema.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!inputSchema.TryFindColumn(_inputColumnName, out var column))
            throw _host.ExceptSchemaMismatch(nameof(inputSchema), "input", _inputColumnName);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw _host.ExceptSchemaMismatch(nameof(inputSchema), "input", _inputColumnName, "known-size vector of Single", column.GetTypeString());
        _trainerSchema?.Invoke(inputSchema);
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_outputColumnName] = new SchemaShape.Column(_outputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, isKey: false);
        return new SchemaShape(columns.Values);
    }

    private MlpHiddenLayerTransformer FitTrainer(IDataView input)
    {
        var (network, encoding, featureColumn) = _train!(input);
        if (featureColumn != _inputColumnName)
            throw new InvalidOperationException(
                $"The MLP trainer reads features column '{featureColumn}' but the featurizer was told to read '{_inputColumnName}'; pass inputColumnName: \"{featureColumn}\".");
        return new MlpHiddenLayerTransformer(_host, network, encoding, _layerIndex, _outputColumnName, _inputColumnName);
    }
}
