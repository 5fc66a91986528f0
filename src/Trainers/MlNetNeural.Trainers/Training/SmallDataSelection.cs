using MlNetNeural.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Training;

/// <summary>
/// The recipe chosen by cross-validation on a small training set (<see cref="MlpOptionsBase.SmallDataSelection"/>):
/// which fits qualify, the candidates, the folds, and a fitted candidate's loss on its held-out fold.
/// </summary>
internal static class SmallDataSelection
{
    /// <summary>One candidate: a name for the log and the options it trains with.</summary>
    public sealed record Candidate(string Name, MlpOptionsBase Options);

    /// <summary>Whether this fit chooses its recipe by cross-validation.</summary>
    public static bool Applies(MlpOptionsBase options, TrainingMatrix train, bool validationGiven, bool continued) =>
        options.SmallDataSelection && options.HasTabularRecipe && !validationGiven && !continued
        && !train.Features.IsSparse && train.Rows <= MlpOptionsBase.Defaults.SmallDataRows
        && train.Rows >= 2 * MlpOptionsBase.Defaults.SmallDataFolds;

    /// <summary>
    /// The tabular recipe first, so that it wins ties; then the recipe with smoother periodic features; for regression also
    /// the Classic network at each L2. The recipe's candidates train at <see cref="MlpOptionsBase.Defaults.SmallDataBatchSize"/>.
    /// </summary>
    public static IReadOnlyList<Candidate> Candidates(MlpOptionsBase options)
    {
        var candidates = new List<Candidate> { new("tabular recipe", options.TabularCandidate()) };
        candidates.AddRange(MlpOptionsBase.Defaults.SmallDataSmoothLearningRates.Select(rate =>
            new Candidate($"tabular recipe, smooth periodic features, learning rate {rate:G2}", options.SmoothPeriodicCandidate(rate))));
        if (options is MlpRegressionTrainer.Options)
            candidates.AddRange(MlpOptionsBase.Defaults.SmallDataClassicL2.Select(l2 => new Candidate($"Classic network, L2 {l2:G2}", options.ClassicCandidate(l2))));
        return candidates;
    }

    /// <summary>
    /// The held-out rows of each fold. Classification deals each class's rows, shuffled, round the folds in turn (so every
    /// fold trains on every class it can); regression deals all rows, shuffled.
    /// </summary>
    public static int[][] Folds(TrainingMatrix train, LabelKind kind, int folds, Random random)
    {
        var order = Enumerable.Range(0, train.Rows).ToArray();
        random.Shuffle(order);
        if (kind != LabelKind.Regression)
            order = [.. order.OrderBy(r => train.Labels[r])]; // a stable sort: the shuffle stays within each class
        var held = Enumerable.Range(0, folds).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < order.Length; i++)
            held[i % folds].Add(order[i]);
        return [.. held.Select(f => f.ToArray())];
    }

    /// <summary>The weighted mean data loss (no penalty, no dropout) of a fitted candidate on rows it did not train on.</summary>
    public static double HeldOutLoss(MlpOptionsBase options, RecipeChoices choices, TrainingObjective task, MlpTrainingLoop.Result result, MlpTrainingData held)
    {
        var layerSizes = choices.HiddenLayers.Append(task.OutputSize).ToArray();
        var activations = Enumerable.Repeat(options.HiddenActivation, choices.HiddenLayers.Length).Append(Activation.Identity).ToArray();
        using var engine = ManagedBackend.Instance.CreateEngine(new NetworkSpec(held.FeatureCount, layerSizes, activations, held.Rows,
            task.Loss, task.HuberDelta, L1: 0, L2: 0));
        return engine.EvaluateLoss(result.Parameters, held.Features.Dense, held.Rows, held.Targets, held.Weights);
    }
}
