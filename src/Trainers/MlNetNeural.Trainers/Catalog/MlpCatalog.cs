using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;

namespace MlNetNeural;

/// <summary>
/// Catalog entries for the multi-layer perceptron trainers:
/// <c>mlContext.BinaryClassification.Trainers.Mlp(...)</c>, <c>mlContext.MulticlassClassification.Trainers.Mlp(...)</c>
/// and <c>mlContext.Regression.Trainers.Mlp(...)</c>.
/// </summary>
public static class MlpCatalog
{
    /// <summary>Creates a binary-classification MLP trainer.</summary>
    /// <param name="catalog">The binary classification trainer catalog.</param>
    /// <param name="labelColumnName">The label column: Boolean, or Single/Double where &gt; 0 is true.</param>
    /// <param name="featureColumnName">The features column, a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">The example weight column, or <c>null</c>.</param>
    /// <param name="hiddenLayers">Hidden layer sizes; <c>null</c> lets the recipe choose (see <see cref="MlpOptionsBase.HiddenLayers"/>).</param>
    /// <param name="numberOfEpochs">Maximum passes over the data; <c>null</c> lets the recipe choose (see <see cref="MlpOptionsBase.NumberOfEpochs"/>).</param>
    /// <param name="learningRate">The base learning rate; <c>null</c> lets the recipe choose (see <see cref="MlpOptionsBase.LearningRate"/>).</param>
    public static MlpBinaryTrainer Mlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null,
        int? numberOfEpochs = null,
        float? learningRate = null)
        => catalog.Mlp(Fill(new MlpBinaryTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate));

    /// <summary>Creates a binary-classification MLP trainer from options.</summary>
    /// <param name="catalog">The binary classification trainer catalog.</param>
    /// <param name="options">The trainer options; validated here.</param>
    public static MlpBinaryTrainer Mlp(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, MlpBinaryTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MlpBinaryTrainer(catalog.GetEnvironment(), options);
    }

    /// <summary>Creates a multiclass-classification MLP trainer.</summary>
    /// <param name="catalog">The multiclass classification trainer catalog.</param>
    /// <param name="labelColumnName">The label column, a key type.</param>
    /// <param name="featureColumnName">The features column, a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">The example weight column, or <c>null</c>.</param>
    /// <param name="hiddenLayers">Hidden layer sizes; <c>null</c> lets the recipe choose (see <see cref="MlpOptionsBase.HiddenLayers"/>).</param>
    /// <param name="numberOfEpochs">Maximum passes over the data; <c>null</c> lets the recipe choose (see <see cref="MlpOptionsBase.NumberOfEpochs"/>).</param>
    /// <param name="learningRate">The base learning rate; <c>null</c> lets the recipe choose (see <see cref="MlpOptionsBase.LearningRate"/>).</param>
    public static MlpMulticlassTrainer Mlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null,
        int? numberOfEpochs = null,
        float? learningRate = null)
        => catalog.Mlp(Fill(new MlpMulticlassTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate));

    /// <summary>Creates a multiclass-classification MLP trainer from options.</summary>
    /// <param name="catalog">The multiclass classification trainer catalog.</param>
    /// <param name="options">The trainer options; validated here.</param>
    public static MlpMulticlassTrainer Mlp(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, MlpMulticlassTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MlpMulticlassTrainer(catalog.GetEnvironment(), options);
    }

    /// <summary>Creates a regression MLP trainer.</summary>
    /// <param name="catalog">The regression trainer catalog.</param>
    /// <param name="labelColumnName">The label column, Single or Double.</param>
    /// <param name="featureColumnName">The features column, a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">The example weight column, or <c>null</c>.</param>
    /// <param name="hiddenLayers">Hidden layer sizes; <c>null</c> lets the recipe choose (see <see cref="MlpOptionsBase.HiddenLayers"/>).</param>
    /// <param name="numberOfEpochs">Maximum passes over the data; <c>null</c> lets the recipe choose (see <see cref="MlpOptionsBase.NumberOfEpochs"/>).</param>
    /// <param name="learningRate">The base learning rate; <c>null</c> lets the recipe choose (see <see cref="MlpOptionsBase.LearningRate"/>).</param>
    public static MlpRegressionTrainer Mlp(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        int[]? hiddenLayers = null,
        int? numberOfEpochs = null,
        float? learningRate = null)
        => catalog.Mlp(Fill(new MlpRegressionTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName, hiddenLayers, numberOfEpochs, learningRate));

    /// <summary>Creates a regression MLP trainer from options.</summary>
    /// <param name="catalog">The regression trainer catalog.</param>
    /// <param name="options">The trainer options; validated here.</param>
    public static MlpRegressionTrainer Mlp(this RegressionCatalog.RegressionTrainers catalog, MlpRegressionTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MlpRegressionTrainer(catalog.GetEnvironment(), options);
    }

    private static T Fill<T>(T options, string label, string features, string? weights, int[]? hiddenLayers, int? epochs, float? learningRate)
        where T : MlpOptionsBase
    {
        options.LabelColumnName = label;
        options.FeatureColumnName = features;
        options.ExampleWeightColumnName = weights;
        options.HiddenLayers = hiddenLayers;
        options.NumberOfEpochs = epochs;
        options.LearningRate = learningRate;
        return options;
    }
}
