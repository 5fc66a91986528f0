using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Training.Backends;
using Xunit;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>
/// The real trainers and training loop, same seed, run once per backend: 100 optimizer steps
/// (10 epochs of 10 batches) whose per-step objectives, per-epoch history and final weights agree
/// within 1e-3 relative, for every optimizer and every learning-rate schedule.
/// </summary>
public sealed class TrajectoryCrossCheckTests
{
    private const double Tolerance = 1e-3;
    private const int Rows = 200;
    private const int FeatureCount = 5;

    public static TheoryData<OptimizerKind, float> EveryOptimizer() => new()
    {
        { OptimizerKind.Sgd, 0.1f },
        { OptimizerKind.Momentum, 0.05f },
        { OptimizerKind.Nesterov, 0.05f },
        { OptimizerKind.RMSprop, 0.005f },
        { OptimizerKind.Adam, 0.01f },
        { OptimizerKind.AdamW, 0.01f },
    };

    public static TheoryData<LearningRateScheduleKind> EverySchedule() => new(Enum.GetValues<LearningRateScheduleKind>());

    [Theory]
    [MemberData(nameof(EveryOptimizer))]
    public void TrajectoryCrossCheck_EveryOptimizer(OptimizerKind optimizer, float learningRate) =>
        CompareBinary(options =>
        {
            options.Optimizer = optimizer;
            options.LearningRate = learningRate;
        });

    [Theory]
    [MemberData(nameof(EverySchedule))]
    public void TrajectoryCrossCheck_EverySchedule(LearningRateScheduleKind schedule) =>
        CompareBinary(options =>
        {
            options.Optimizer = OptimizerKind.Momentum;
            options.LearningRate = 0.05f;
            options.LearningRateSchedule = schedule;
        });

    [Fact]
    public void TrajectoryCrossCheck_MulticlassWithDropoutAndElasticNet()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(MulticlassData(ml)).Transform(MulticlassData(ml));
        Compare(backend => ml.MulticlassClassification.Trainers.Mlp(Options(new MlpMulticlassTrainer.Options(MlpPreset.Classic)
        {
            Optimizer = OptimizerKind.Adam,
            LearningRate = 0.01f,
            DropoutRate = 0.2f,
            L1Regularization = 1e-3f,
            L2Regularization = 1e-3f,
        }, backend)).Fit(data).Model.Parts());
    }

    [Theory]
    [InlineData(LossFunction.MeanSquaredError)]
    [InlineData(LossFunction.MeanAbsoluteError)]
    [InlineData(LossFunction.Huber)]
    [InlineData(LossFunction.LogCosh)]
    public void TrajectoryCrossCheck_RegressionLosses(LossFunction loss)
    {
        var ml = new MLContext(seed: 1);
        var data = RegressionData(ml);
        Compare(backend => ml.Regression.Trainers.Mlp(Options(new MlpRegressionTrainer.Options(MlpPreset.Classic)
        {
            Loss = loss,
            HuberDelta = 0.5f,
            // Not RMSprop here: its first steps scale every gradient entry to about ±10·rate, so an
            // entry that is 0 up to rounding (MAE's sign gradients cancel exactly) gets a full step
            // whose direction is rounding noise; that is the optimizer's property, not a backend's.
            Optimizer = OptimizerKind.Momentum,
            LearningRate = 0.02f,
        }, backend)).Fit(data).Model.Parts());
    }

    private static void CompareBinary(Action<MlpBinaryTrainer.Options> configure)
    {
        var ml = new MLContext(seed: 1);
        var data = BinaryData(ml);
        Compare(backend =>
        {
            var options = Options(new MlpBinaryTrainer.Options(MlpPreset.Classic), backend);
            configure(options);
            return ml.BinaryClassification.Trainers.Mlp(options).Fit(data).Model.Parts();
        });
    }

    private static T Options<T>(T options, IGradientBackend backend) where T : MlpOptionsBase
    {
        options.HiddenLayers = [8, 6];
        options.HiddenActivation = Activation.Tanh;
        options.NumberOfEpochs = 10;
        options.BatchSize = 20;
        options.Patience = 0;
        options.Seed = 7;
        options.Backend = backend;
        return options;
    }

    private static void Compare(Func<IGradientBackend, (TrainingHistory History, DenseNetwork Network)> train)
    {
        var managed = new RecordingBackend(ManagedBackend.Instance);
        var torch = new RecordingBackend(new TorchSharpBackend());
        var (managedHistory, managedNetwork) = train(managed);
        var (torchHistory, torchNetwork) = train(torch);

        Assert.Equal(100, managed.StepLosses.Count);
        Assert.Equal(managed.StepLosses.Count, torch.StepLosses.Count);
        for (int step = 0; step < managed.StepLosses.Count; step++)
            CrossCheck.Relative(managed.StepLosses[step], torch.StepLosses[step], Tolerance, $"objective at step {step}");

        Assert.Equal(managedHistory.Epochs.Count, torchHistory.Epochs.Count);
        for (int e = 0; e < managedHistory.Epochs.Count; e++)
        {
            CrossCheck.Relative(managedHistory.Epochs[e].TrainingLoss, torchHistory.Epochs[e].TrainingLoss, Tolerance, $"training loss of epoch {e}");
            Assert.Equal(managedHistory.Epochs[e].LearningRate, torchHistory.Epochs[e].LearningRate);
        }

        for (int l = 0; l < managedNetwork.LayerCount; l++)
        {
            CrossCheck.Arrays(managedNetwork.Weights[l].Span, torchNetwork.Weights[l].Span, Tolerance, $"final weights of layer {l}");
            CrossCheck.Arrays(managedNetwork.Biases[l].Span, torchNetwork.Biases[l].Span, Tolerance, $"final biases of layer {l}");
        }
    }

    private sealed class BinaryRow
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class MulticlassRow
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private sealed class RegressionRow
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private static float[][] Points(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Rows).Select(_ => CrossCheck.Normal(random, FeatureCount)).ToArray();
    }

    private static IDataView BinaryData(MLContext ml) => ml.Data.LoadFromEnumerable(Points(3).Select(x =>
        new BinaryRow { Features = x, Label = x[0] + 0.5f * x[1] * x[2] - 0.3f * x[3] > 0 }));

    private static IDataView MulticlassData(MLContext ml) => ml.Data.LoadFromEnumerable(Points(4).Select(x =>
        new MulticlassRow { Features = x, Label = x[0] > 0.5f ? "a" : x[1] + x[2] > 0 ? "b" : "c" }));

    private static IDataView RegressionData(MLContext ml) => ml.Data.LoadFromEnumerable(Points(6).Select(x =>
        new RegressionRow { Features = x, Label = 2 * x[0] - x[1] * x[2] + MathF.Sin(x[3]) + 0.1f * x[4] }));
}

/// <summary>What the trajectory comparison reads from a fitted model.</summary>
internal static class ModelParts
{
    public static (TrainingHistory History, DenseNetwork Network) Parts<TOutput>(this MlpModelParametersBase<TOutput> model) => (model.History, model.Network);
}
