namespace MlNetNeural.Search.Tests.Search;

/// <summary>Best-mean and one-standard-error selection on hand-made fold scores.</summary>
public sealed class SelectionRuleTests
{
    private static RegularizationSearchResult Result(RegularizationGrid grid, double[][] foldScores, bool higherIsBetter, bool oneSe)
    {
        var scores = grid.Settings.Select((s, i) => new SettingScore(s, new ScoreSummary(foldScores[i]), null)).ToArray();
        return new RegularizationSearchResult(grid, "metric", higherIsBetter, foldScores[0].Length, scores, oneSe, null);
    }

    [Fact]
    public void OneStandardErrorRule_PicksTheMostRegularizedSettingWithinOneSeOfTheBest()
    {
        var grid = RegularizationGrid.Over(RegularizationParameter.L2Regularization, 1e-4, 1e-3, 1e-2, 1e-1);
        // Best: 1e-3, mean 0.95, sample sd √((0.03²+0.01²+0.01²+0.03²)/3) = 0.02582 over 4 folds
        // → SE 0.01291, threshold 0.93709.
        double[][] folds =
        [
            [0.93, 0.95, 0.94, 0.96],   // 0.945: within
            [0.92, 0.96, 0.94, 0.98],   // 0.950: best
            [0.93, 0.94, 0.95, 0.94],   // 0.940: within
            [0.90, 0.92, 0.91, 0.93],   // 0.915: outside
        ];
        var result = Result(grid, folds, higherIsBetter: true, oneSe: true);
        Assert.Equal(1e-3, result.Best.Setting.Values[0]);
        Assert.Equal(Math.Sqrt(0.002 / 3) / 2, result.Best.Validation.StandardError, 12);
        Assert.Equal(1e-2, result.OneStandardErrorChoice.Setting.Values[0]);
        Assert.Same(result.OneStandardErrorChoice, result.Selected);
        Assert.Contains("1-SE", result.ToTable());

        var plain = Result(grid, folds, higherIsBetter: true, oneSe: false);
        Assert.Same(plain.Best, plain.Selected);
    }

    [Fact]
    public void OneStandardErrorRule_WorksWhenLowerIsBetter()
    {
        var grid = RegularizationGrid.Over(RegularizationParameter.DropoutRate, 0, 0.2, 0.5);
        double[][] folds =
        [
            [0.30, 0.32, 0.34],   // 0.32, sd 0.02, SE 0.01155: best; threshold 0.3315
            [0.31, 0.33, 0.35],   // 0.33: within
            [0.40, 0.41, 0.42],   // 0.41: outside
        ];
        var result = Result(grid, folds, higherIsBetter: false, oneSe: true);
        Assert.Equal(0, result.Best.Setting.Values[0]);
        Assert.Equal(0.2, result.Selected.Setting.Values[0]);
    }

    [Fact]
    public void TiesKeepTheFirstSettingAsBest_AndOneSeWithZeroSpreadKeepsTheBest()
    {
        var grid = RegularizationGrid.Over(RegularizationParameter.L1Regularization, 0.1, 0.01, 1);
        var result = Result(grid, [[0.9, 0.9], [0.9, 0.9], [0.8, 0.8]], higherIsBetter: true, oneSe: true);
        Assert.Equal(0.1, result.Best.Setting.Values[0]);
        // Both 0.1 and 0.01 tie at the best mean with zero spread; 0.1 is the more regularized.
        Assert.Equal(0.1, result.OneStandardErrorChoice.Setting.Values[0]);
    }

    [Fact]
    public void MultiAxisSimplicity_SumsRanksAndIgnoresTheElasticNetMix()
    {
        var grid = new RegularizationGrid(
            new GridAxis(RegularizationParameter.ElasticNetStrength, [1, 0.1]),
            new GridAxis(RegularizationParameter.ElasticNetMix, [0, 0.5, 1]));
        Assert.Equal(6, grid.Settings.Count);
        Assert.Equal([1.0, 0.0], grid.Settings[0].Values);
        Assert.Equal([0.1, 1.0], grid.Settings[5].Values);
        Assert.All(grid.Settings.Take(3), s => Assert.Equal(1, s.Simplicity)); // strength 1 is rank 1 of {0.1, 1}
        Assert.All(grid.Settings.Skip(3), s => Assert.Equal(0, s.Simplicity));
    }
}
