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
/// A multi-layer perceptron for regression. The target is standardized internally (mean and scale
/// kept with the model), so raw targets of any scale train with default settings. Outputs <c>Score</c>.
/// </summary>
public sealed class MlpRegressionTrainer
    : MlpTrainerBase<RegressionPredictionTransformer<MlpRegressionModelParameters>, MlpRegressionModelParameters, float>
{
    private readonly Options _options;

    /// <summary>Options for <see cref="MlpRegressionTrainer"/>.</summary>
    public sealed class Options : MlpOptionsBase
    {
        /// <summary>Creates options with the defaults (<see cref="MlpPreset.Tabular"/>).</summary>
        public Options()
            : this(MlpPreset.Tabular)
        {
        }

        /// <summary>Creates options with the values of <paramref name="preset"/>.</summary>
        /// <param name="preset">The preset, for example <see cref="MlpPreset.Classic"/> for scikit-learn-like values.</param>
        public Options(MlpPreset preset)
            : base(preset, regression: true)
        {
        }

        /// <summary>The regression loss: MeanSquaredError (default), MeanAbsoluteError, Huber or LogCosh.</summary>
        public LossFunction Loss { get; set; } = LossFunction.MeanSquaredError;

        /// <summary>Huber's threshold, in standardized target units; must be &gt; 0.</summary>
        public float HuberDelta { get; set; } = 1f;

        /// <inheritdoc />
        public override void Validate()
        {
            base.Validate();
            if (Loss is not (LossFunction.MeanSquaredError or LossFunction.MeanAbsoluteError or LossFunction.Huber or LossFunction.LogCosh))
                throw new InvalidOptionException(nameof(Loss), Loss, "MeanSquaredError, MeanAbsoluteError, Huber or LogCosh for regression");
            OptionChecks.Positive(HuberDelta, nameof(HuberDelta));
        }
    }

    internal MlpRegressionTrainer(IHostEnvironment env, Options options)
        : base(env, nameof(MlpRegressionTrainer), Checked(options), TrainerUtils.MakeR4ScalarColumn(options.LabelColumnName))
    {
        _options = options;
    }

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.Regression;

    private protected override LabelKind LabelKind => LabelKind.Regression;

    /// <inheritdoc />
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema) => TrainerOutputColumns.Regression();

    /// <inheritdoc />
    protected override void CheckLabelCompatible(SchemaShape.Column labelCol) => TrainerOutputColumns.CheckRegressionLabel(labelCol);

    private protected override TargetScaling ChooseScaling(TrainingMatrix data, MlpRegressionModelParameters? initialModel)
    {
        // Continued training keeps the scale the network already learned in.
        if (initialModel is not null)
            return new TargetScaling(initialModel.TargetMean, initialModel.TargetScale);
        double mean = data.Labels.Average(l => (double)l);
        double variance = data.Labels.Average(l => (l - mean) * (l - mean));
        return new TargetScaling(mean, variance > 0 ? Math.Sqrt(variance) : 1);
    }

    private protected override TrainingObjective MakeTask(TrainingMatrix data) => new(1, _options.Loss, _options.HuberDelta, ValidationMetric.RSquared);

    private protected override float[] MakeTargets(TrainingMatrix data, TargetScaling scaling) =>
        data.Labels.Select(l => (float)((l - scaling.Mean) / scaling.Scale)).ToArray();

    private protected override MlpRegressionModelParameters CreateModel(DenseNetwork network, TrainingHistory history, TargetScaling scaling, InputEncoding? encoding,
        byte[]? trainingState) =>
        new(Host, network, history, scaling.Mean, scaling.Scale, encoding, trainingState);

    /// <inheritdoc />
    protected override RegressionPredictionTransformer<MlpRegressionModelParameters> MakeTransformer(MlpRegressionModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
