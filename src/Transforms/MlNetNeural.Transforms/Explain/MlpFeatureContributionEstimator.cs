using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MlNetNeural.Explain;

/// <summary>
/// The estimator of <see cref="MlpFeatureContributionTransformer"/>, made with
/// <c>mlContext.Transforms.CalculateMlpFeatureContribution(...)</c> from a trained MLP; fitting only checks the schema.
/// </summary>
public sealed class MlpFeatureContributionEstimator : IEstimator<MlpFeatureContributionTransformer>
{
    private readonly IHost _host;
    private readonly MlpFeatureContributionTransformer _transformer;

    internal MlpFeatureContributionEstimator(IHostEnvironment env, MlpFeatureContributionTransformer transformer)
    {
        _host = env.Register(nameof(MlpFeatureContributionEstimator));
        _transformer = transformer;
    }

    /// <summary>Checks that <paramref name="input"/> has the model's features column and returns the transformer.</summary>
    /// <param name="input">Data with the features column the MLP reads.</param>
    /// <returns>The transformer.</returns>
    public MlpFeatureContributionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <summary>The input schema plus the contributions column, a known-size vector of <see cref="float"/>.</summary>
    /// <param name="inputSchema">The schema of the data the estimator will see.</param>
    /// <returns>The output schema.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string input = _transformer.InputColumnName;
        if (!inputSchema.TryFindColumn(input, out var column))
            throw _host.ExceptSchemaMismatch(nameof(inputSchema), "input", input);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw _host.ExceptSchemaMismatch(nameof(inputSchema), "input", input, "known-size vector of Single", column.GetTypeString());
        var columns = inputSchema.ToDictionary(c => c.Name);
        string output = _transformer.OutputColumnName;
        columns[output] = new SchemaShape.Column(output, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, isKey: false);
        return new SchemaShape(columns.Values);
    }
}
