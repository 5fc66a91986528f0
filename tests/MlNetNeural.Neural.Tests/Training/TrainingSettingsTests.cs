using System.Reflection;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Initialization;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Training;
using MlNetNeural.Training.Backends;
using Xunit;

namespace MlNetNeural.Neural.Tests.Training;

/// <summary>
/// The training loop reads <see cref="TrainingSettings"/>, not the options: each setting must carry the option of its
/// name (a setting left at its default while the option was set would silently train with the default).
/// </summary>
public class TrainingSettingsTests
{
    [Fact]
    public void Every_setting_carries_the_option_of_its_name_and_the_recipe_fills_the_unset_ones()
    {
        var options = new MlpRegressionTrainer.Options
        {
            HiddenActivation = Activation.Tanh, WeightInitializer = WeightInitializerKind.GlorotNormal, BatchSize = 17, NumberOfEpochs = 9,
            Shuffle = false, Optimizer = OptimizerKind.Sgd, OptimizerSettings = new OptimizerSettings { Momentum = 0.5 },
            LearningRateSchedule = LearningRateScheduleKind.Step, LearningRateScheduleSettings = new LearningRateScheduleSettings { StepSize = 3 },
            L1Regularization = 0.25f, L2Regularization = 0.125f, DropoutRate = 0.3f, GradientClipNorm = 2.5f, SparseUpdates = SparseUpdates.Exact,
            Patience = 4, MinDelta = 0.01f, RestoreBestWeights = false, OnDivergence = DivergenceHandling.RestoreBest,
            EpochCallback = _ => true, SaveTrainingState = true, Backend = ManagedBackend.Instance,
        };
        var settings = TrainingSettings.From(options, RecipeChoices.For(options, sparse: false, continuedLayers: null));

        Assert.Equal(MlpOptionsBase.Defaults.HiddenLayers, settings.HiddenLayers);
        Assert.Equal(MlpOptionsBase.Defaults.LearningRate, settings.LearningRate);
        Assert.Equal(WeightInitializerKind.GlorotNormal, settings.Initializer);
        var optionProperties = typeof(MlpRegressionTrainer.Options).GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => p.Name);
        var carried = typeof(TrainingSettings).GetProperties()
            .Where(p => p.Name is not (nameof(TrainingSettings.HiddenLayers) or nameof(TrainingSettings.LearningRate) or nameof(TrainingSettings.Initializer)))
            .ToList();
        Assert.True(carried.Count >= 20, $"only {carried.Count} settings");
        foreach (var setting in carried)
        {
            Assert.True(optionProperties.TryGetValue(setting.Name, out var option), $"setting {setting.Name} has no option of its name");
            object? expected = option!.GetValue(options), actual = setting.GetValue(settings);
            Assert.True(Equals(expected, actual), $"setting {setting.Name} is {actual}, option {setting.Name} is {expected}");
            // Every option above differs from its default, so a setting the mapping forgot would show here.
            object? unset = setting.GetValue(TrainingSettings.From(new MlpRegressionTrainer.Options(), RecipeChoices.For(options, false, null)));
            Assert.False(Equals(unset, actual), $"setting {setting.Name} is {actual} with the option set and unset alike");
        }
    }
}
