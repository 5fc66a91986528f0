using MlNetNeural.Mlp;

namespace MlNetNeural.Training;

/// <summary>How many epochs a fit runs: <see cref="MlpOptionsBase.NumberOfEpochs"/> when set, else the recipe's choice.</summary>
internal static class EpochCount
{
    /// <summary>
    /// The epochs to run. Unset, dense features get <see cref="MlpOptionsBase.Defaults.NumberOfEpochs"/>; sparse features
    /// (text, high-dimensional one-hot) get enough epochs for <see cref="MlpOptionsBase.Defaults.SparseStepBudget"/>
    /// optimizer steps, within [<see cref="MlpOptionsBase.Defaults.MinimumSparseEpochs"/>, the dense count].
    /// </summary>
    /// <param name="numberOfEpochs">The option; <c>null</c> when the user left it unset.</param>
    /// <param name="sparse">Whether the training rows are held sparse.</param>
    /// <param name="trainingRows">Rows the epochs pass over (after any validation holdout).</param>
    /// <param name="batchSize">Rows per step.</param>
    public static int For(int? numberOfEpochs, bool sparse, int trainingRows, int batchSize)
    {
        if (numberOfEpochs is { } chosen)
            return chosen;
        if (!sparse)
            return MlpOptionsBase.Defaults.NumberOfEpochs;
        long stepsPerEpoch = Math.Max(1, ((long)trainingRows + batchSize - 1) / batchSize);
        long epochs = (MlpOptionsBase.Defaults.SparseStepBudget + stepsPerEpoch - 1) / stepsPerEpoch;
        return (int)Math.Clamp(epochs, MlpOptionsBase.Defaults.MinimumSparseEpochs, MlpOptionsBase.Defaults.NumberOfEpochs);
    }
}
