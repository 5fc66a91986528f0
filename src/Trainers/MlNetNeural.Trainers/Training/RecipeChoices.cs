using MlNetNeural.Mlp;

namespace MlNetNeural.Training;

/// <summary>
/// What the options left unset (<c>null</c>) mean for one fit. Dense features get the tabular recipe; sparse features
/// (text, high-dimensional one-hot), whose first layer is a row of weights for every slot, get a narrower network that
/// learns faster (<see cref="MlpOptionsBase.Defaults"/> says why each value). The epoch count is chosen later, by
/// <see cref="EpochCount"/>, once the rows trained on are known.
/// </summary>
/// <param name="HiddenLayers">The hidden layer sizes.</param>
/// <param name="LearningRate">The base learning rate.</param>
internal sealed record RecipeChoices(int[] HiddenLayers, float LearningRate)
{
    /// <param name="options">The trainer's options.</param>
    /// <param name="sparse">Whether the training rows are held sparse.</param>
    /// <param name="continuedLayers">The hidden layers of the model training continues from, or <c>null</c>.</param>
    public static RecipeChoices For(MlpOptionsBase options, bool sparse, IReadOnlyList<int>? continuedLayers) => new(
        options.HiddenLayers ?? continuedLayers?.ToArray() ?? (sparse ? MlpOptionsBase.Defaults.SparseHiddenLayers : MlpOptionsBase.Defaults.HiddenLayers),
        options.LearningRate ?? (sparse ? MlpOptionsBase.Defaults.SparseLearningRate : MlpOptionsBase.Defaults.LearningRate));

    /// <summary>One log line naming the values chosen for unset options, or <c>null</c> when every one was set.</summary>
    public string? Describe(MlpOptionsBase options, bool sparse)
    {
        var unset = new List<string>();
        if (options.HiddenLayers is null)
            unset.Add($"HiddenLayers [{string.Join(", ", HiddenLayers)}]");
        if (options.LearningRate is null)
            unset.Add($"LearningRate {LearningRate}");
        return unset.Count == 0 ? null : $"Unset options for {(sparse ? "sparse" : "dense")} features: {string.Join(", ", unset)}.";
    }
}
