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
/// A multi-layer perceptron for binary classification, trained on binary cross-entropy from the
/// output logit. Outputs <c>Score</c> (the logit), <c>Probability</c> and <c>PredictedLabel</c>.
/// </summary>
public sealed class MlpBinaryTrainer
    : MlpTrainerBase<BinaryPredictionTransformer<MlpBinaryModelParameters>, MlpBinaryModelParameters, float>
{
    private readonly Options _options;

    /// <summary>Options for <see cref="MlpBinaryTrainer"/>.</summary>
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

    internal MlpBinaryTrainer(IHostEnvironment env, Options options)
        : base(env, nameof(MlpBinaryTrainer), Checked(options), TrainerUtils.MakeBoolScalarLabel(options.LabelColumnName))
    {
        _options = options;
    }

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    private protected override LabelKind LabelKind => LabelKind.Binary;

    /// <inheritdoc />
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema) => TrainerOutputColumns.BinaryWithProbability();

    /// <inheritdoc />
    protected override void CheckLabelCompatible(SchemaShape.Column labelCol) => TrainerOutputColumns.CheckBinaryLabel(labelCol);

    private protected override TrainingObjective MakeTask(TrainingMatrix data) => new(1, LossFunction.BinaryCrossEntropy, 0, ValidationMetric.Accuracy);

    private protected override float[] MakeTargets(TrainingMatrix data, TargetScaling scaling) => (float[])data.Labels.Clone(); // smoothing may change them

    private protected override float[] MakeWeights(TrainingMatrix data) => _options.ApplyClassWeights(data.Weights, data.Labels, 2);

    private protected override MlpBinaryModelParameters CreateModel(DenseNetwork network, TrainingHistory history, TargetScaling scaling, InputEncoding? encoding,
        byte[]? trainingState) =>
        new(Host, network, history, encoding, trainingState);

    /// <inheritdoc />
    protected override BinaryPredictionTransformer<MlpBinaryModelParameters> MakeTransformer(MlpBinaryModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
