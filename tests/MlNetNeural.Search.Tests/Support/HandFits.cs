using Microsoft.ML;
using MlNetNeural.Mlp;

namespace MlNetNeural.Search.Tests.Support;

/// <summary>What the search should compute, done by hand: one fold's fit with a given L2 and seed, scored on both sides.</summary>
public static class HandFits
{
    /// <summary>
    /// Fits standardize-then-MLP on each fold's training rows with <paramref name="l2"/> and seed
    /// <c>seed + 1 + f</c> (the search's fold seeds), and returns each fold's accuracy on its held-out and training rows.
    /// </summary>
    public static (double[] Validation, double[] Training) BinaryAccuracies(MLContext ml, IReadOnlyList<DataOperationsCatalog.TrainTestData> folds,
        Func<MlpBinaryTrainer.Options> template, double l2, int seed)
    {
        var validation = new double[folds.Count];
        var training = new double[folds.Count];
        for (int f = 0; f < folds.Count; f++)
        {
            var options = template();
            options.L2Regularization = (float)l2;
            options.Seed = seed + 1 + f;
            var model = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.Mlp(options)).Fit(folds[f].TrainSet);
            validation[f] = ml.BinaryClassification.Evaluate(model.Transform(folds[f].TestSet)).Accuracy;
            training[f] = ml.BinaryClassification.Evaluate(model.Transform(folds[f].TrainSet)).Accuracy;
        }
        return (validation, training);
    }
}
