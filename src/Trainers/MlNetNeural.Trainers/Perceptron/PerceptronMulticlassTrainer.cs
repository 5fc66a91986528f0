using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Data;

namespace MlNetNeural.Perceptron;

/// <summary>
/// The multiclass perceptron: one weight vector per class and an arg-max prediction. On a
/// mistake the true class's weights move towards the example and the predicted class's away
/// from it, by <c>η</c> times the example weight. The label must be a key column.
/// </summary>
public sealed class PerceptronMulticlassTrainer
    : PerceptronTrainerBase<MulticlassPredictionTransformer<PerceptronMulticlassModelParameters>, PerceptronMulticlassModelParameters>
{
    /// <summary>Options for <see cref="PerceptronMulticlassTrainer"/>.</summary>
    public sealed class Options : PerceptronOptionsBase
    {
    }

    internal PerceptronMulticlassTrainer(IHostEnvironment env, Options options)
        : base(env, nameof(PerceptronMulticlassTrainer), Checked(options), TrainerUtils.MakeU4ScalarColumn(options.LabelColumnName))
    {
    }

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    private protected override LabelKind LabelKind => LabelKind.Multiclass;

    /// <inheritdoc />
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema)
    {
        inputSchema.TryFindColumn(LabelColumn.Name, out var label);
        return TrainerOutputColumns.Multiclass(label);
    }

    /// <inheritdoc />
    protected override void CheckLabelCompatible(SchemaShape.Column labelCol) => TrainerOutputColumns.CheckKeyLabel(labelCol);

    // Parameters: k class-major weight rows of n, then k biases.
    private protected override int ParameterCount(TrainingMatrix data) => data.ClassCount * (data.FeatureCount + 1);

    private protected override bool Learn(PerceptronWeights parameters, in PerceptronRow features, int label, float rate)
    {
        var values = parameters.Values;
        int n = parameters.FeatureCount, k = values.Length / (n + 1);
        Span<float> scores = k <= 256 ? stackalloc float[k] : new float[k];
        for (int c = 0; c < k; c++)
            scores[c] = features.Dot(values.AsSpan(c * n, n)) + values[(k * n) + c];
        int predicted = TensorPrimitives.IndexOfMax(scores);
        if (predicted == label)
            return false;
        parameters.AddRow(label * n, features, rate);
        parameters.AddRow(predicted * n, features, -rate);
        parameters.Add((k * n) + label, rate);
        parameters.Add((k * n) + predicted, -rate);
        return true;
    }

    private protected override PerceptronMulticlassModelParameters CreateModel(TrainingMatrix data, float[] parameters, IReadOnlyList<int> misclassificationsPerEpoch)
    {
        int weights = data.ClassCount * data.FeatureCount;
        EnsureScorable(parameters.AsSpan(0, weights), parameters.AsSpan(weights), data.FeatureCount);
        return new(Host, data.FeatureCount, parameters[..weights], parameters[weights..], misclassificationsPerEpoch);
    }

    /// <inheritdoc />
    protected override MulticlassPredictionTransformer<PerceptronMulticlassModelParameters> MakeTransformer(PerceptronMulticlassModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name, LabelColumn.Name);
}
