using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Search.Tests.Support;

namespace MlNetNeural.Search.Tests.Search;

/// <summary>The search and learning curve on stratified folds, against the same folds fitted by hand.</summary>
public sealed class StratifiedSearchTests
{
    private static readonly double[] L2Values = [1e-4, 0.3];
    private const int Folds = 3;
    private const int Seed = 7;

    private static MlpBinaryTrainer.Options Template() => new(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 4, BatchSize = 16 };

    [Fact]
    public void StratifiedSearch_TableEqualsStratifiedFoldsFittedByHand()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "breast_cancer");
        var grid = RegularizationGrid.Over(RegularizationParameter.L2Regularization, L2Values);

        var result = RegularizationSearch.Run(ml, data, ml.Transforms.NormalizeMeanVariance("Features"),
            s => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(Template())), grid, SearchMetrics.BinaryAccuracy,
            new RegularizationSearchOptions { NumberOfFolds = Folds, Seed = Seed, StratifyByLabel = true, MaxDegreeOfParallelism = 2, Refit = false });

        // By hand: the stratified split with the same seed and label, fold f's fits seeded Seed + 1 + f.
        var folds = StratifiedSplit.CrossValidationSplit(ml, data, Folds, "Label", Seed);
        var positives = folds.Select(f => ml.Data.CreateEnumerable<LabelRow>(f.TestSet, reuseRowObject: false).Count(r => r.Label)).ToArray();
        Assert.True(positives.Max() - positives.Min() <= 1, $"positives per fold: {string.Join(", ", positives)}");
        for (int i = 0; i < L2Values.Length; i++)
        {
            var (validation, training) = HandFits.BinaryAccuracies(ml, folds, Template, L2Values[i], Seed);
            var row = result.Scores[i];
            Assert.Equal(L2Values[i], row.Setting.ValueOf(RegularizationParameter.L2Regularization));
            Assert.Equal(validation, row.Validation.Values);
            Assert.Equal(training, row.Training!.Values);
        }
    }

    [Fact]
    public void StratifiedLearningCurve_TrainsOnTheStratifiedFolds()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "moons_200");

        var curve = RegularizationSearch.LearningCurve(ml, data, null,
            s => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 2 })),
            SearchMetrics.BinaryAccuracy, [1.0], options: new RegularizationSearchOptions { NumberOfFolds = 4, Seed = 3, StratifyByLabel = true, MaxDegreeOfParallelism = 2 });

        // 200 rows in 4 stratified folds: every training set has exactly 150 rows.
        Assert.Equal(150, curve.Points.Single().TrainingRows);
    }

    [Fact]
    public void StratifyByLabel_DefaultsOff_AndCannotBeCombinedWithASamplingKey()
    {
        Assert.False(new RegularizationSearchOptions().StratifyByLabel);
        Assert.False(RegularizationSearchOptions.Defaults.StratifyByLabel);

        var both = new RegularizationSearchOptions { StratifyByLabel = true, SamplingKeyColumnName = "Group" };
        var e = Assert.Throws<InvalidOptionException>(both.Validate);
        Assert.Contains("StratifyByLabel", e.Message);
        Assert.Contains("SamplingKeyColumnName", e.Message);

        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "moons_200");
        var grid = RegularizationGrid.Over(RegularizationParameter.L2Regularization, 1e-3);
        IEstimator<ITransformer> Trainer(RegularizationSetting s) => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(new MlpBinaryTrainer.Options(MlpPreset.Classic) { NumberOfEpochs = 1 }));
        Assert.Contains("SamplingKeyColumnName", Assert.Throws<InvalidOptionException>(() =>
            RegularizationSearch.Run(ml, data, null, Trainer, grid, SearchMetrics.BinaryAccuracy, both)).Message);
        // The stratified split's own checks name the options' label column.
        Assert.Contains("'Target'", Assert.Throws<ArgumentException>(() => RegularizationSearch.Run(ml, data, null, Trainer, grid, SearchMetrics.BinaryAccuracy,
            new RegularizationSearchOptions { StratifyByLabel = true, LabelColumnName = "Target" })).Message);
    }

    public sealed class LabelRow
    {
        public bool Label { get; set; }
    }
}
