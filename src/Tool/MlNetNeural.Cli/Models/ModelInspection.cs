using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Perceptron;

namespace MlNetNeural.Cli.Models;

/// <summary>Finds the trained MlNetNeural model inside a loaded pipeline and what it recorded while training.</summary>
internal static class ModelInspection
{
    /// <summary>The model parameters of the pipeline's (last) prediction transformer, or <c>null</c>.</summary>
    public static object? Parameters(ITransformer model)
        => ModelFile.Flatten(model).OfType<IPredictionTransformer<object>>().LastOrDefault()?.Model;

    /// <summary>The MLP's training history, or <c>null</c> when the model is not an MLP.</summary>
    public static TrainingHistory? History(ITransformer model) => Parameters(model) switch
    {
        MlpModelParametersBase<float> scalar => scalar.History,
        MlpModelParametersBase<VBuffer<float>> vector => vector.History,
        _ => null,
    };

    /// <summary>The perceptron's misclassifications per epoch, or <c>null</c> when the model is not a perceptron.</summary>
    public static IReadOnlyList<int>? PerceptronErrors(ITransformer model) => Parameters(model) switch
    {
        PerceptronBinaryModelParameters binary => binary.MisclassificationsPerEpoch,
        PerceptronMulticlassModelParameters multiclass => multiclass.MisclassificationsPerEpoch,
        _ => null,
    };
}
