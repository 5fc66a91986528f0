using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Data;
using MlNetNeural.Neural;

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

    // Parameters: k × n weights, then k biases. Dense rows hold the weights class-major (k rows of n, one vectorised dot per
    // class); sparse rows slot-major (n rows of k), so each non-zero reads its k class weights from one cache line or two
    // instead of k lines scattered over the whole matrix — what keeps a 1M-slot vocabulary's epoch near a 100k one's.
    private protected override int ParameterCount(TrainingMatrix data) => data.ClassCount * (data.FeatureCount + 1);

    private protected override bool Learn(PerceptronWeights parameters, in PerceptronRow features, int label, float rate)
    {
        var values = parameters.Values;
        int n = parameters.FeatureCount, k = values.Length / (n + 1);
        Span<float> scores = k <= 256 ? stackalloc float[k] : new float[k];
        if (features.IsDense)
        {
            for (int c = 0; c < k; c++)
                scores[c] = features.Dot(values.AsSpan(c * n, n)) + values[(k * n) + c];
        }
        else
        {
            // Each class's sum in the non-zeros' order, then its bias: the class-major sparse dot's bits.
            scores.Clear();
            for (int i = 0; i < features.Values.Length; i++)
            {
                float x = features.Values[i];
                var classWeights = values.AsSpan(features.Indices[i] * k, k);
                for (int c = 0; c < k; c++)
                    scores[c] += classWeights[c] * x;
            }
            for (int c = 0; c < k; c++)
                scores[c] += values[(k * n) + c];
        }

        int predicted = TensorPrimitives.IndexOfMax(scores);
        if (predicted == label)
            return false;
        if (features.IsDense)
        {
            parameters.AddRow(label * n, features, rate);
            parameters.AddRow(predicted * n, features, -rate);
        }
        else
        {
            for (int i = 0; i < features.Values.Length; i++)
            {
                int at = features.Indices[i] * k;
                parameters.Add(at + label, rate * features.Values[i]);
                parameters.Add(at + predicted, -rate * features.Values[i]);
            }
        }

        parameters.Add((k * n) + label, rate);
        parameters.Add((k * n) + predicted, -rate);
        return true;
    }

    private protected override PerceptronMulticlassModelParameters CreateModel(TrainingMatrix data, float[] parameters, IReadOnlyList<int> misclassificationsPerEpoch)
    {
        int n = data.FeatureCount, k = data.ClassCount, weights = k * n;
        float[] classMajor = data.Features.IsSparse ? MatrixVector.Transpose(parameters.AsSpan(0, weights), n, k) : parameters[..weights];
        EnsureScorable(classMajor, parameters.AsSpan(weights), n);
        return new(Host, n, classMajor, parameters[weights..], misclassificationsPerEpoch);
    }

    /// <inheritdoc />
    protected override MulticlassPredictionTransformer<PerceptronMulticlassModelParameters> MakeTransformer(PerceptronMulticlassModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name, LabelColumn.Name);
}
