using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Perceptron;
using Defaults = MlNetNeural.Perceptron.PerceptronOptionsBase.Defaults;

namespace MlNetNeural;

/// <summary>Catalog entries for the perceptron trainers: <c>mlContext.BinaryClassification.Trainers.Perceptron(...)</c> and the multiclass one.</summary>
public static class PerceptronCatalog
{
    /// <summary>Creates a binary Rosenblatt perceptron trainer.</summary>
    /// <param name="catalog">The binary classification trainer catalog.</param>
    /// <param name="labelColumnName">The label column: Boolean, or Single/Double where &gt; 0 is true.</param>
    /// <param name="featureColumnName">The features column, a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">The example weight column, or <c>null</c>.</param>
    /// <param name="learningRate">The step size η; must be &gt; 0.</param>
    /// <param name="numberOfEpochs">Passes over the data; must be &gt;= 1.</param>
    public static PerceptronBinaryTrainer Perceptron(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        float learningRate = Defaults.LearningRate,
        int numberOfEpochs = Defaults.NumberOfEpochs)
        => catalog.Perceptron(new PerceptronBinaryTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ExampleWeightColumnName = exampleWeightColumnName,
            LearningRate = learningRate,
            NumberOfEpochs = numberOfEpochs,
        });

    /// <summary>Creates a binary Rosenblatt perceptron trainer from options.</summary>
    /// <param name="catalog">The binary classification trainer catalog.</param>
    /// <param name="options">The trainer options; validated here.</param>
    public static PerceptronBinaryTrainer Perceptron(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, PerceptronBinaryTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PerceptronBinaryTrainer(catalog.GetEnvironment(), options);
    }

    /// <summary>Creates a multiclass perceptron trainer.</summary>
    /// <param name="catalog">The multiclass classification trainer catalog.</param>
    /// <param name="labelColumnName">The label column, a key type.</param>
    /// <param name="featureColumnName">The features column, a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">The example weight column, or <c>null</c>.</param>
    /// <param name="learningRate">The step size η; must be &gt; 0.</param>
    /// <param name="numberOfEpochs">Passes over the data; must be &gt;= 1.</param>
    public static PerceptronMulticlassTrainer Perceptron(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        float learningRate = Defaults.LearningRate,
        int numberOfEpochs = Defaults.NumberOfEpochs)
        => catalog.Perceptron(new PerceptronMulticlassTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ExampleWeightColumnName = exampleWeightColumnName,
            LearningRate = learningRate,
            NumberOfEpochs = numberOfEpochs,
        });

    /// <summary>Creates a multiclass perceptron trainer from options.</summary>
    /// <param name="catalog">The multiclass classification trainer catalog.</param>
    /// <param name="options">The trainer options; validated here.</param>
    public static PerceptronMulticlassTrainer Perceptron(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, PerceptronMulticlassTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PerceptronMulticlassTrainer(catalog.GetEnvironment(), options);
    }
}
