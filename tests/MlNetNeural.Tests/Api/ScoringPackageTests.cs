using System.Reflection;
using MlNetNeural.Neural;

namespace MlNetNeural.Tests.Api;

/// <summary>
/// <c>MlNetNeural.Transforms</c> is what a saved model needs to score: it must hold no training code. Its types are read
/// by reflection and none may sit in a training namespace or be, or have a method, named for a training step. The
/// backward products a fit needs (weight and bias gradients, the deltas of a layer's inputs) live in Trainers. Kept
/// here on purpose: activation derivatives and the input gradients the explainers take (they explain a score), and
/// the GEMM with its worker pool, which batch scoring runs on.
/// </summary>
public sealed class ScoringPackageTests
{
    private static readonly string[] TrainingNamespaces =
    [
        "MlNetNeural.Training", "MlNetNeural.Neural.Optimizers", "MlNetNeural.Neural.Backprop", "MlNetNeural.Neural.Losses",
        "MlNetNeural.Neural.Schedules", "MlNetNeural.Neural.Regularization", "MlNetNeural.Neural.Dropout", "MlNetNeural.Neural.Initialization",
    ];

    private static readonly string[] TrainingWords =
        ["Optimizer", "Backprop", "TrainingLoop", "WeightGradient", "BiasGradient", "Dropout", "Scheduler", "TrainEpoch", "Regularizer"];

    [Fact]
    public void The_scoring_package_holds_no_training_code()
    {
        var found = TrainingCode(typeof(DenseNetwork).Assembly);
        Assert.True(found.Count == 0, $"training code in the scoring package: {string.Join(", ", found)}");
    }

    [Fact]
    public void The_rule_finds_the_training_code_where_it_lives()
    {
        // The same rule over Trainers: were it blind (a namespace or word misspelt), this would find nothing.
        var found = TrainingCode(typeof(global::MlNetNeural.Mlp.MlpBinaryTrainer).Assembly);
        Assert.Contains("MlNetNeural.Neural.DenseBackwardKernels.AccumulateWeightGradient", found);
        Assert.Contains(found, f => f.StartsWith("MlNetNeural.Neural.Optimizers.", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("MlNetNeural.Training.", StringComparison.Ordinal));
    }

    private static List<string> TrainingCode(Assembly assembly)
    {
        var types = assembly.GetTypes().Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute))).ToList();
        Assert.True(types.Count > 50, $"only {types.Count} types read from {assembly.GetName().Name}");
        var inTrainingNamespaces = types
            .Where(t => TrainingNamespaces.Any(ns => t.Namespace == ns || t.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true))
            .Select(t => t.FullName!);
        var namedTypes = types.Where(t => TrainingWords.Any(w => t.Name.Contains(w, StringComparison.Ordinal))).Select(t => t.FullName!);
        var namedMethods = types
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && TrainingWords.Any(w => m.Name.Contains(w, StringComparison.Ordinal)))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}");
        return [.. inTrainingNamespaces.Concat(namedTypes).Concat(namedMethods).Distinct()];
    }
}
