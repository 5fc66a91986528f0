using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Initialization;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;

namespace MlNetNeural.Tests.Mlp;

/// <summary>
/// Every invalid option is rejected when the trainer is created — by the catalog call, before any
/// data is seen — with an <see cref="InvalidOptionException"/> that names the option, its value and what it must be.
/// </summary>
public sealed class MlpOptionsValidationTests
{
    /// <summary>Case name → (the option the message must name, how to break it).</summary>
    private static readonly Dictionary<string, (string Option, Action<MlpOptionsBase> Break)> Shared = new()
    {
        ["HiddenLayers has a 0"] = ("HiddenLayers", o => o.HiddenLayers = [0]),
        ["HiddenLayers has a negative second layer"] = ("HiddenLayers", o => o.HiddenLayers = [4, -1]),
        ["LearningRate 0"] = ("LearningRate", o => o.LearningRate = 0),
        ["LearningRate -1"] = ("LearningRate", o => o.LearningRate = -1),
        ["LearningRate NaN"] = ("LearningRate", o => o.LearningRate = float.NaN),
        ["LearningRate +inf"] = ("LearningRate", o => o.LearningRate = float.PositiveInfinity),
        ["NumberOfEpochs 0"] = ("NumberOfEpochs", o => o.NumberOfEpochs = 0),
        ["NumberOfEpochs -3"] = ("NumberOfEpochs", o => o.NumberOfEpochs = -3),
        ["BatchSize 0"] = ("BatchSize", o => o.BatchSize = 0),
        ["L1Regularization -1"] = ("L1Regularization", o => o.L1Regularization = -1),
        ["L1Regularization NaN"] = ("L1Regularization", o => o.L1Regularization = float.NaN),
        ["L2Regularization -1"] = ("L2Regularization", o => o.L2Regularization = -1),
        ["L2Regularization +inf"] = ("L2Regularization", o => o.L2Regularization = float.PositiveInfinity),
        ["DropoutRate 1"] = ("DropoutRate", o => o.DropoutRate = 1),
        ["DropoutRate -0.1"] = ("DropoutRate", o => o.DropoutRate = -0.1f),
        ["DropoutRate NaN"] = ("DropoutRate", o => o.DropoutRate = float.NaN),
        ["GradientClipNorm 0"] = ("GradientClipNorm", o => o.GradientClipNorm = 0),
        ["GradientClipNorm -1"] = ("GradientClipNorm", o => o.GradientClipNorm = -1),
        ["ValidationFraction 0"] = ("ValidationFraction", o => o.ValidationFraction = 0),
        ["ValidationFraction 1"] = ("ValidationFraction", o => o.ValidationFraction = 1),
        ["ValidationFraction NaN"] = ("ValidationFraction", o => o.ValidationFraction = float.NaN),
        ["Patience -1"] = ("Patience", o => o.Patience = -1),
        ["MinDelta -1"] = ("MinDelta", o => o.MinDelta = -1),
        ["MinDelta NaN"] = ("MinDelta", o => o.MinDelta = float.NaN),
        ["Optimizer undefined"] = ("Optimizer", o => o.Optimizer = (OptimizerKind)99),
        ["HiddenActivation undefined"] = ("HiddenActivation", o => o.HiddenActivation = (Activation)99),
        ["LearningRateSchedule undefined"] = ("LearningRateSchedule", o => o.LearningRateSchedule = (LearningRateScheduleKind)(-1)),
        ["WeightInitializerKind undefined"] = ("WeightInitializer", o => o.WeightInitializer = (WeightInitializerKind)99),
        ["InvalidRows undefined"] = ("InvalidRows", o => o.InvalidRows = (InvalidRowHandling)99),
        ["OptimizerSettings Beta1 1"] = ("OptimizerSettings", o => o.OptimizerSettings = new OptimizerSettings { Beta1 = 1 }),
        ["OptimizerSettings Epsilon 0"] = ("OptimizerSettings", o => o.OptimizerSettings = new OptimizerSettings { Epsilon = 0 }),
        ["LearningRateScheduleSettings StepSize 0"] = ("LearningRateScheduleSettings", o => o.LearningRateScheduleSettings = new LearningRateScheduleSettings { StepSize = 0 }),
        ["LabelColumnName empty"] = ("LabelColumnName", o => o.LabelColumnName = ""),
        ["LabelColumnName null"] = ("LabelColumnName", o => o.LabelColumnName = null!),
        ["FeatureColumnName empty"] = ("FeatureColumnName", o => o.FeatureColumnName = " "),
        ["ExampleWeightColumnName empty"] = ("ExampleWeightColumnName", o => o.ExampleWeightColumnName = ""),
    };

    private static readonly Dictionary<string, (string Option, Action<MlpClassificationOptionsBase> Break)> Classification = new()
    {
        ["ClassWeights has a negative value"] = ("ClassWeights", o => o.ClassWeights = [1, -0.5f]),
        ["ClassWeights has NaN"] = ("ClassWeights", o => o.ClassWeights = [float.NaN, 1]),
        ["ClassWeights has +inf"] = ("ClassWeights", o => o.ClassWeights = [1, float.PositiveInfinity]),
        ["LabelSmoothing 1"] = ("LabelSmoothing", o => o.LabelSmoothing = 1),
        ["LabelSmoothing -0.1"] = ("LabelSmoothing", o => o.LabelSmoothing = -0.1f),
        ["LabelSmoothing NaN"] = ("LabelSmoothing", o => o.LabelSmoothing = float.NaN),
    };

    private static readonly Dictionary<string, (string Option, Action<MlpRegressionTrainer.Options> Break)> Regression = new()
    {
        ["Loss BinaryCrossEntropy"] = ("Loss", o => o.Loss = LossFunction.BinaryCrossEntropy),
        ["Loss SoftmaxCrossEntropy"] = ("Loss", o => o.Loss = LossFunction.SoftmaxCrossEntropy),
        ["Loss undefined"] = ("Loss", o => o.Loss = (LossFunction)99),
        ["HuberDelta 0"] = ("HuberDelta", o => o.HuberDelta = 0),
    };

    public static TheoryData<string> SharedCases => new(Shared.Keys);

    public static TheoryData<string> ClassificationCases => new(Classification.Keys);

    public static TheoryData<string> RegressionCases => new(Regression.Keys);

    [Theory]
    [MemberData(nameof(SharedCases))]
    public void Every_trainer_rejects_an_invalid_shared_option_when_created(string name)
    {
        var (option, breakIt) = Shared[name];
        var ml = new MLContext(seed: 1);
        AssertRejected(option, () => ml.BinaryClassification.Trainers.Mlp(Broken<MlpBinaryTrainer.Options>(new(), breakIt)));
        AssertRejected(option, () => ml.MulticlassClassification.Trainers.Mlp(Broken<MlpMulticlassTrainer.Options>(new(), breakIt)));
        AssertRejected(option, () => ml.Regression.Trainers.Mlp(Broken<MlpRegressionTrainer.Options>(new(), breakIt)));
    }

    [Theory]
    [MemberData(nameof(ClassificationCases))]
    public void Classification_trainers_reject_invalid_class_weights_when_created(string name)
    {
        var (option, breakIt) = Classification[name];
        var ml = new MLContext(seed: 1);
        AssertRejected(option, () => ml.BinaryClassification.Trainers.Mlp(Broken<MlpBinaryTrainer.Options>(new(), breakIt)));
        AssertRejected(option, () => ml.MulticlassClassification.Trainers.Mlp(Broken<MlpMulticlassTrainer.Options>(new(), breakIt)));
    }

    [Theory]
    [MemberData(nameof(RegressionCases))]
    public void The_regression_trainer_rejects_an_invalid_loss_setting_when_created(string name)
    {
        var (option, breakIt) = Regression[name];
        AssertRejected(option, () => new MLContext(seed: 1).Regression.Trainers.Mlp(Broken<MlpRegressionTrainer.Options>(new(), breakIt)));
    }

    [Fact]
    public void Settings_errors_name_both_the_option_and_the_setting()
    {
        var ml = new MLContext(seed: 1);
        var optimizer = Assert.Throws<InvalidOptionException>(() =>
            ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { OptimizerSettings = new OptimizerSettings { Beta1 = 1 } }));
        Assert.Equal(("OptimizerSettings", ".Beta1", "in [0, 1)", (object?)1.0), (optimizer.Option, optimizer.Element, optimizer.Requirement, optimizer.ActualValue));
        Assert.Equal("Option OptimizerSettings.Beta1 must be in [0, 1); it was 1.", optimizer.Message);
        var layer = Assert.Throws<InvalidOptionException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { HiddenLayers = [8, 0] }));
        Assert.Equal(("HiddenLayers", "[1]", ">= 1", (object?)0), (layer.Option, layer.Element, layer.Requirement, layer.ActualValue));
        var schedule = Assert.ThrowsAny<ArgumentException>(() =>
            ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { LearningRateScheduleSettings = new LearningRateScheduleSettings { PlateauFactor = 1 } }));
        Assert.Contains("PlateauFactor", schedule.Message);
    }

    [Fact]
    public void Null_options_are_rejected()
    {
        var ml = new MLContext(seed: 1);
        Assert.Throws<ArgumentNullException>(() => ml.BinaryClassification.Trainers.Mlp((MlpBinaryTrainer.Options)null!));
        Assert.Throws<ArgumentNullException>(() => ml.MulticlassClassification.Trainers.Mlp((MlpMulticlassTrainer.Options)null!));
        Assert.Throws<ArgumentNullException>(() => ml.Regression.Trainers.Mlp((MlpRegressionTrainer.Options)null!));
    }

    [Fact]
    public void The_simple_overloads_validate_too()
    {
        var ml = new MLContext(seed: 1);
        AssertRejected("HiddenLayers", () => ml.BinaryClassification.Trainers.Mlp(hiddenLayers: [0]));
        AssertRejected("NumberOfEpochs", () => ml.MulticlassClassification.Trainers.Mlp(numberOfEpochs: 0));
        AssertRejected("LearningRate", () => ml.Regression.Trainers.Mlp(learningRate: float.NaN));
        AssertRejected("LabelColumnName", () => ml.BinaryClassification.Trainers.Mlp(labelColumnName: ""));
        AssertRejected("FeatureColumnName", () => ml.Regression.Trainers.Mlp(featureColumnName: ""));
        AssertRejected("ExampleWeightColumnName", () => ml.MulticlassClassification.Trainers.Mlp(exampleWeightColumnName: " "));
    }

    [Fact]
    public void Boundary_values_are_accepted()
    {
        var ml = new MLContext(seed: 1);
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [], // no hidden layer: a linear model
            LearningRate = float.Epsilon,
            NumberOfEpochs = 1,
            BatchSize = 1,
            L1Regularization = 0,
            L2Regularization = 0,
            DropoutRate = 0,
            GradientClipNorm = float.Epsilon,
            ValidationFraction = 0.999f,
            Patience = 0,
            MinDelta = 0,
            ClassWeights = [0, 1],
            OptimizerSettings = new OptimizerSettings { Beta1 = 0, Momentum = 0 },
        };
        Assert.NotNull(ml.BinaryClassification.Trainers.Mlp(options));
        Assert.NotNull(ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic) { DropoutRate = 0.999f, ClassWeights = [0, 0, 1] }));
        Assert.NotNull(ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options(MlpPreset.Classic) { Loss = LossFunction.Huber, HuberDelta = 1e-3f }));
    }

    private static T Broken<T>(T options, Action<T> breakIt)
    {
        breakIt(options);
        return options;
    }

    private static void AssertRejected(string option, Func<object> create)
    {
        // One structured error for every option: the option, its value and the requirement, readable without the message.
        var error = Assert.IsType<InvalidOptionException>(Record.Exception(create));
        Assert.Equal(option, error.Option);
        Assert.Equal(option + error.Element, error.ParamName);
        Assert.False(string.IsNullOrWhiteSpace(error.Requirement));
        Assert.StartsWith($"Option {option}{error.Element} must be {error.Requirement}; it was ", error.Message);
    }
}
