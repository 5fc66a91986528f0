using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Data;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Training;

namespace MlNetNeural.Mlp;

/// <summary>
/// A multi-layer perceptron for multiclass classification, trained on softmax cross-entropy from
/// the output logits. The label must be a key column. Outputs <c>Score</c> (class probabilities) and <c>PredictedLabel</c>.
/// </summary>
public sealed class MlpMulticlassTrainer
    : MlpTrainerBase<MulticlassPredictionTransformer<MlpMulticlassModelParameters>, MlpMulticlassModelParameters, VBuffer<float>>
{
    private readonly Options _options;

    /// <summary>Options for <see cref="MlpMulticlassTrainer"/>.</summary>
    public sealed class Options : MlpClassificationOptionsBase
    {
        /// <summary>Creates options with the defaults (<see cref="MlpPreset.Tabular"/>).</summary>
        public Options()
            : this(MlpPreset.Tabular)
        {
        }

        /// <summary>Creates options with the values of <paramref name="preset"/>.</summary>
        /// <param name="preset">The preset, for example <see cref="MlpPreset.Classic"/> for scikit-learn-like values.</param>
        public Options(MlpPreset preset)
            : base(preset)
        {
        }
    }

    internal MlpMulticlassTrainer(IHostEnvironment env, Options options)
        : base(env, nameof(MlpMulticlassTrainer), Checked(options), TrainerUtils.MakeU4ScalarColumn(options.LabelColumnName))
    {
        _options = options;
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

    private protected override TrainingObjective MakeTask(TrainingMatrix data) => new(data.ClassCount, LossFunction.SoftmaxCrossEntropy, 0, ValidationMetric.Accuracy);

    private protected override float[] MakeTargets(TrainingMatrix data, TargetScaling scaling)
    {
        var targets = new float[data.Rows * data.ClassCount];
        for (int row = 0; row < data.Rows; row++)
            targets[row * data.ClassCount + (int)data.Labels[row]] = 1;
        return targets;
    }

    private protected override float[] MakeWeights(TrainingMatrix data) => _options.ApplyClassWeights(data.Weights, data.Labels, data.ClassCount);

    private protected override MlpMulticlassModelParameters CreateModel(DenseNetwork network, TrainingHistory history, TargetScaling scaling, InputEncoding? encoding,
        byte[]? trainingState) =>
        new(Host, network, history, encoding, trainingState);

    /// <inheritdoc />
    protected override MulticlassPredictionTransformer<MlpMulticlassModelParameters> MakeTransformer(MlpMulticlassModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name, LabelColumn.Name);
}
