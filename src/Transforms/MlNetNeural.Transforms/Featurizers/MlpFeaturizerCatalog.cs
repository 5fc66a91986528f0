using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetNeural.Featurizers;
using MlNetNeural.Mlp;

namespace MlNetNeural;

/// <summary>
/// Catalog entries for the hidden-layer featurizer: <c>mlContext.Transforms.MlpHiddenLayer(...)</c>
/// turns a trained MLP's hidden layer into a features column for another trainer.
/// </summary>
public static class MlpFeaturizerCatalog
{
    /// <summary>Outputs the activations of hidden layer <paramref name="layerIndex"/> of a trained MLP.</summary>
    /// <typeparam name="TOutput">What the MLP produces per row (any of the binary, multiclass or regression MLPs).</typeparam>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The new column: a vector of the hidden layer's width.</param>
    /// <param name="model">The trained MLP's model parameters.</param>
    /// <param name="layerIndex">The 0-based hidden layer; the output layer is not a hidden layer.</param>
    /// <param name="inputColumnName">The features column the MLP was trained on (same size, same preprocessing).</param>
    /// <returns>The estimator; fitting it only checks the schema.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layerIndex"/> is not a hidden layer of <paramref name="model"/>.</exception>
    public static MlpHiddenLayerEstimator MlpHiddenLayer<TOutput>(this TransformsCatalog catalog, string outputColumnName,
        MlpModelParametersBase<TOutput> model, int layerIndex, string inputColumnName = DefaultColumnNames.Features)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        return new MlpHiddenLayerEstimator(catalog.GetEnvironment(), model.Network, model.InputEncoding, layerIndex, outputColumnName, inputColumnName);
    }

    /// <summary>Outputs the activations of hidden layer <paramref name="layerIndex"/> of a trained MLP, reading the column its prediction transformer reads.</summary>
    /// <typeparam name="TOutput">What the MLP produces per row.</typeparam>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The new column: a vector of the hidden layer's width.</param>
    /// <param name="predictionTransformer">The fitted MLP, for example <c>model.LastTransformer</c> of a fitted pipeline.</param>
    /// <param name="layerIndex">The 0-based hidden layer; the output layer is not a hidden layer.</param>
    /// <returns>The estimator; fitting it only checks the schema.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layerIndex"/> is not a hidden layer of the model.</exception>
    public static MlpHiddenLayerEstimator MlpHiddenLayer<TOutput>(this TransformsCatalog catalog, string outputColumnName,
        ISingleFeaturePredictionTransformer<MlpModelParametersBase<TOutput>> predictionTransformer, int layerIndex)
    {
        ArgumentNullException.ThrowIfNull(predictionTransformer);
        return catalog.MlpHiddenLayer(outputColumnName, predictionTransformer.Model, layerIndex, predictionTransformer.FeatureColumnName);
    }

    /// <summary>
    /// Trains an MLP when fitted, then outputs the activations of its hidden layer <paramref name="layerIndex"/>.
    /// Inside a pipeline that is cross-validated, each fold's network is trained on that fold's training rows only.
    /// </summary>
    /// <typeparam name="TOutput">What the MLP produces per row.</typeparam>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The new column: a vector of the hidden layer's width.</param>
    /// <param name="trainer">An MLP trainer, for example <c>mlContext.BinaryClassification.Trainers.Mlp(...)</c>.</param>
    /// <param name="layerIndex">The 0-based hidden layer; checked against the trained network when fitted.</param>
    /// <param name="inputColumnName">The trainer's features column.</param>
    /// <returns>The estimator; fitting it trains the MLP on the data given to <c>Fit</c>.</returns>
    public static MlpHiddenLayerEstimator MlpHiddenLayer<TOutput>(this TransformsCatalog catalog, string outputColumnName,
        IEstimator<ISingleFeaturePredictionTransformer<MlpModelParametersBase<TOutput>>> trainer, int layerIndex,
        string inputColumnName = DefaultColumnNames.Features)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(trainer);
        return new MlpHiddenLayerEstimator(catalog.GetEnvironment(),
            data =>
            {
                var fitted = trainer.Fit(data);
                return (fitted.Model.Network, fitted.Model.InputEncoding, fitted.FeatureColumnName);
            },
            trainer.GetOutputSchema, layerIndex, outputColumnName, inputColumnName);
    }
}
