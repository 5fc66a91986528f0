using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Search.Tests.Support;

namespace MlNetNeural.Search.Tests.Search;

/// <summary>The search's table against the same folds fitted and evaluated by hand.</summary>
public sealed class SearchTableTests
{
    private static readonly double[] L2Values = [1e-4, 0.3];
    private const int Folds = 3;
    private const int Seed = 7;

    private static MlpBinaryTrainer.Options Template() => new(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 4, BatchSize = 16 };

    [Fact]
    public void TableEqualsFoldsComputedByHand_AtAnyParallelism()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "breast_cancer");
        var grid = RegularizationGrid.Over(RegularizationParameter.L2Regularization, L2Values);
        RegularizationSearchResult Search(int parallelism) => RegularizationSearch.Run(ml, data, ml.Transforms.NormalizeMeanVariance("Features"),
            s => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(Template())), grid, SearchMetrics.BinaryAccuracy,
            new RegularizationSearchOptions { NumberOfFolds = Folds, Seed = Seed, MaxDegreeOfParallelism = parallelism, Refit = false });
        var parallel = Search(2);
        var sequential = Search(1);

        // By hand: ML.NET's own split with the same seed, fold f's fits seeded Seed + 1 + f.
        var folds = ml.Data.CrossValidationSplit(data, Folds, samplingKeyColumnName: null, seed: Seed);
        for (int i = 0; i < L2Values.Length; i++)
        {
            var (validation, training) = HandFits.BinaryAccuracies(ml, folds, Template, L2Values[i], Seed);
            double mean = validation.Average();
            double std = Math.Sqrt(validation.Sum(v => (v - mean) * (v - mean)) / (Folds - 1));

            foreach (var result in new[] { parallel, sequential })
            {
                var row = result.Scores[i];
                Assert.Equal(L2Values[i], row.Setting.ValueOf(RegularizationParameter.L2Regularization));
                Assert.Equal(validation, row.Validation.Values);
                Assert.Equal(training, row.Training!.Values);
                Assert.Equal(mean, row.Validation.Mean);
                Assert.Equal(std, row.Validation.StandardDeviation);
                Assert.Equal(std / Math.Sqrt(Folds), row.Validation.StandardError);
            }
        }
        Assert.Contains("L2Regularization", parallel.ToTable());
        Assert.Contains(parallel.Best.Validation.ToString(), parallel.ToTable());
        Assert.Null(parallel.Model);
    }

    [Fact]
    public void RefitModelScoresNewData_AndProgressCountsEveryFit()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Iris(ml);
        var reports = new List<SearchProgress>();
        var progress = new SynchronousProgress<SearchProgress>(p => { lock (reports) reports.Add(p); });
        var template = new MlpMulticlassTrainer.Options(MlpPreset.Classic) { HiddenLayers = [6], NumberOfEpochs = 60, BatchSize = 8, LearningRate = 0.02f };
        var grid = new RegularizationGrid(
            new GridAxis(RegularizationParameter.L2Regularization, [1e-3, 1e-1]),
            new GridAxis(RegularizationParameter.DropoutRate, [0, 0.2]));

        var result = RegularizationSearch.Run(ml, data, ml.Transforms.NormalizeMeanVariance("Features"),
            s => ml.MulticlassClassification.Trainers.Mlp(s.ApplyTo(template)), grid, SearchMetrics.MulticlassMicroAccuracy,
            new RegularizationSearchOptions { NumberOfFolds = 3 }, progress);

        Assert.Equal(4, result.Scores.Count);
        Assert.Equal(4 * 3 + 1, reports.Count);
        Assert.All(reports, r => Assert.Equal(13, r.TotalFits));
        Assert.Equal(Enumerable.Range(1, 13), reports.Select(r => r.CompletedFits).Order());
        Assert.StartsWith("refit", reports.Single(r => double.IsNaN(r.ValidationScore)).Description);
        Assert.NotNull(result.Model);
        var metrics = ml.MulticlassClassification.Evaluate(result.Model!.Transform(data));
        Assert.True(metrics.MicroAccuracy > 0.9, $"Refit accuracy {metrics.MicroAccuracy}");
        // The curve along dropout holds L2 at the selected value.
        var curve = result.ValidationCurve(RegularizationParameter.DropoutRate);
        Assert.Equal([0.0, 0.2], curve.Select(p => p.Value));
        Assert.Equal(60, template.NumberOfEpochs); // The template is never changed.
        Assert.Equal(0, template.DropoutRate);
    }

    [Fact]
    public void LearningCurve_UsesTheRequestedFractionsOfEachTrainingFold()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "moons_200");
        var options = new RegularizationSearchOptions { NumberOfFolds = 4, Seed = 3 };
        LearningCurveResult Curve(int parallelism) => RegularizationSearch.LearningCurve(ml, data, null,
            s => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 5 })),
            SearchMetrics.BinaryAccuracy, [0.25, 1.0], options: new RegularizationSearchOptions { NumberOfFolds = 4, Seed = 3, MaxDegreeOfParallelism = parallelism });

        var curve = Curve(2);
        var folds = ml.Data.CrossValidationSplit(data, 4, seed: 3);
        double meanTrainRows = folds.Average(f => (double)Count(f.TrainSet));
        Assert.Equal(2, curve.Points.Count);
        Assert.Equal(meanTrainRows, curve.Points[1].TrainingRows);
        Assert.InRange(curve.Points[0].TrainingRows, meanTrainRows / 4 - 1, meanTrainRows / 4 + 1);
        Assert.Equal(curve.Points.Select(p => p.Validation.Values), Curve(1).Points.Select(p => p.Validation.Values));
    }

    private static long Count(IDataView data)
    {
        long n = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
            n++;
        return n;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (no synchronization context).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
