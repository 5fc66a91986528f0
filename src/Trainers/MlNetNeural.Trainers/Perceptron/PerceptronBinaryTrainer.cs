using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Data;

namespace MlNetNeural.Perceptron;

/// <summary>
/// Rosenblatt's perceptron for binary classification: a step activation on <c>w·x + b</c>, and
/// <c>w ← w + η·(y − ŷ)·x</c> (scaled by the example weight) on every misclassified example.
/// Outputs <c>Score</c> and <c>PredictedLabel</c> like ML.NET's averaged perceptron; evaluate with
/// <c>EvaluateNonCalibrated</c>.
/// </summary>
public sealed class PerceptronBinaryTrainer
    : PerceptronTrainerBase<BinaryPredictionTransformer<PerceptronBinaryModelParameters>, PerceptronBinaryModelParameters>
{
    /// <summary>Options for <see cref="PerceptronBinaryTrainer"/>.</summary>
    public sealed class Options : PerceptronOptionsBase
    {
    }

    internal PerceptronBinaryTrainer(IHostEnvironment env, Options options)
        : base(env, nameof(PerceptronBinaryTrainer), Checked(options), TrainerUtils.MakeBoolScalarLabel(options.LabelColumnName))
    {
    }

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    private protected override LabelKind LabelKind => LabelKind.Binary;

    /// <inheritdoc />
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema) => TrainerOutputColumns.BinaryWithoutProbability();

    /// <inheritdoc />
    protected override void CheckLabelCompatible(SchemaShape.Column labelCol) => TrainerOutputColumns.CheckBinaryLabel(labelCol);

    // Parameters: n weights, then the bias.
    private protected override int ParameterCount(TrainingMatrix data) => data.FeatureCount + 1;

    private protected override bool Learn(PerceptronWeights parameters, in PerceptronRow features, int label, float rate)
    {
        var values = parameters.Values;
        int n = parameters.FeatureCount;
        int predicted = features.Dot(values.AsSpan(0, n)) + values[n] > 0 ? 1 : 0;
        if (predicted == label)
            return false;
        float step = rate * (label - predicted); // Rosenblatt: η·(y − ŷ), with y, ŷ ∈ {0, 1}
        parameters.AddRow(0, features, step);
        parameters.Add(n, step);
        return true;
    }

    private protected override PerceptronBinaryModelParameters CreateModel(TrainingMatrix data, float[] parameters, IReadOnlyList<int> misclassificationsPerEpoch)
    {
        EnsureScorable(parameters.AsSpan(0, data.FeatureCount), parameters.AsSpan(data.FeatureCount), data.FeatureCount);
        return new(Host, parameters[..^1], parameters[^1], misclassificationsPerEpoch);
    }

    /// <inheritdoc />
    protected override BinaryPredictionTransformer<PerceptronBinaryModelParameters> MakeTransformer(PerceptronBinaryModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
