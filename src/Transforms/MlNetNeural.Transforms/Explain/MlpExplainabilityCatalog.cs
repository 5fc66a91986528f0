using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetNeural.Explain;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Perceptron;

namespace MlNetNeural;

/// <summary>
/// <c>mlContext.Transforms.CalculateMlpFeatureContribution(...)</c>: per-feature contributions for every MLP, multiclass
/// included (which ML.NET's <c>CalculateFeatureContribution</c> does not cover), with the method, steps and baseline chosen.
/// </summary>
public static class MlpExplainabilityCatalog
{
    /// <summary>
    /// Adds a column of each feature's contribution to the MLP's score: the logit (binary), the prediction (regression),
    /// or each class's logit (multiclass; a classes × features vector, or the predicted class's alone).
    /// </summary>
    /// <typeparam name="TOutput">What the MLP produces per row (any of the binary, multiclass or regression MLPs).</typeparam>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="predictionTransformer">The fitted MLP, for example <c>model.LastTransformer</c> of a fitted pipeline; its features column is read.</param>
    /// <param name="options">How to explain; <c>null</c> for the defaults (integrated gradients from the model's own zero).</param>
    /// <returns>The estimator; fitting it only checks the schema.</returns>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public static MlpFeatureContributionEstimator CalculateMlpFeatureContribution<TOutput>(this TransformsCatalog catalog,
        ISingleFeaturePredictionTransformer<MlpModelParametersBase<TOutput>> predictionTransformer, MlpFeatureContributionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(predictionTransformer);
        var model = predictionTransformer.Model;
        float scale = model is MlpRegressionModelParameters regression ? (float)regression.TargetScale : 1f;
        var env = catalog.GetEnvironment();
        var transformer = new MlpFeatureContributionTransformer(env, model.Network, model.InputEncoding, scale, options ?? new MlpFeatureContributionOptions(),
            predictionTransformer.FeatureColumnName);
        return new MlpFeatureContributionEstimator(env, transformer);
    }

    /// <summary>
    /// Adds a column of each feature's contribution to a multiclass perceptron's raw class scores: exactly wᵢ·xᵢ per class
    /// (a classes × features vector, class-major), or the predicted class's alone — the linear contributions ML.NET gives
    /// for its binary linear models, which it has none of for multiclass ones.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="predictionTransformer">The fitted multiclass perceptron; its features column is read.</param>
    /// <param name="predictedClassOnly">Explain only the predicted class (a vector of the feature count).</param>
    /// <param name="outputColumnName">The output column.</param>
    /// <returns>The estimator; fitting it only checks the schema.</returns>
    public static MlpFeatureContributionEstimator CalculateMlpFeatureContribution(this TransformsCatalog catalog,
        ISingleFeaturePredictionTransformer<PerceptronMulticlassModelParameters> predictionTransformer, bool predictedClassOnly = false,
        string outputColumnName = "FeatureContributions")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(predictionTransformer);
        var model = predictionTransformer.Model;
        // A perceptron is a network without a hidden layer; its gradient is w, so gradient × input from zero is w·x exactly.
        var network = new DenseNetwork(model.FeatureCount, [model.ClassCount], [Activation.Identity], [model.Weights.ToArray()], [model.Biases.ToArray()]);
        var options = new MlpFeatureContributionOptions
        {
            Method = FeatureContributionMethod.GradientTimesInput,
            PredictedClassOnly = predictedClassOnly,
            OutputColumnName = outputColumnName,
        };
        var env = catalog.GetEnvironment();
        return new MlpFeatureContributionEstimator(env, new MlpFeatureContributionTransformer(env, network, null, 1f, options, predictionTransformer.FeatureColumnName));
    }
}
