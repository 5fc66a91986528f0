using MlNetNeural.Mlp;

namespace MlNetNeural.Search.Tests.Search;

/// <summary>Grids, their validation, and turning a setting into trainer options.</summary>
public sealed class GridAndSettingTests
{
    [Fact]
    public void ApplyTo_SetsTheAxesOnACopy_WithTheFitsSeedAndCancellation()
    {
        var template = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [5, 3], L2Regularization = 0.5f, NumberOfEpochs = 9 };
        using var cancellation = new CancellationTokenSource();
        var setting = new RegularizationGrid(new GridAxis(RegularizationParameter.L2Regularization, [0.01]), new GridAxis(RegularizationParameter.DropoutRate, [0.25]))
            .Settings[0].ForFit(42, cancellation.Token);

        var options = setting.ApplyTo(template);

        Assert.NotSame(template, options);
        Assert.Equal(0.01f, options.L2Regularization);
        Assert.Equal(0.25f, options.DropoutRate);
        Assert.Equal(9, options.NumberOfEpochs);
        Assert.Equal(42, options.Seed);
        Assert.Equal([5, 3], options.HiddenLayers!);
        Assert.NotSame(template.HiddenLayers, options.HiddenLayers);
        Assert.Equal(0.5f, template.L2Regularization);
        Assert.Null(template.Seed);
        Assert.Equal(cancellation.Token, options.CancellationToken);
        Assert.False(template.CancellationToken.CanBeCanceled);
    }

    [Fact]
    public void ApplyTo_KeepsATemplateSeed()
    {
        var options = RegularizationGrid.Over(RegularizationParameter.L1Regularization, 0.1).Settings[0].ForFit(42, default)
            .ApplyTo(new MlpRegressionTrainer.Options(MlpPreset.Classic) { Seed = 5 });
        Assert.Equal(5, options.Seed);
        Assert.Equal(0.1f, options.L1Regularization);
        Assert.Null(options.EpochCallback);
    }

    [Theory]
    [InlineData(1.0, 0.0, 0f, 1f)]
    [InlineData(1.0, 1.0, 1f, 0f)]
    [InlineData(0.4, 0.25, 0.1f, 0.3f)]
    public void ElasticNet_SplitsStrengthByMix(double strength, double mix, float l1, float l2)
    {
        var grid = new RegularizationGrid(new GridAxis(RegularizationParameter.ElasticNetStrength, [strength]), new GridAxis(RegularizationParameter.ElasticNetMix, [mix]));
        var options = grid.Settings[0].ApplyTo(new MlpBinaryTrainer.Options(MlpPreset.Classic));
        Assert.Equal(l1, options.L1Regularization, 6);
        Assert.Equal(l2, options.L2Regularization, 6);
    }

    [Fact]
    public void ElasticNetMixAlone_KeepsTheTemplatesTotalStrength()
    {
        var options = RegularizationGrid.Over(RegularizationParameter.ElasticNetMix, 0.75).Settings[0]
            .ApplyTo(new MlpBinaryTrainer.Options(MlpPreset.Classic) { L1Regularization = 0.1f, L2Regularization = 0.3f });
        Assert.Equal(0.3f, options.L1Regularization, 6);
        Assert.Equal(0.1f, options.L2Regularization, 6);
    }

    [Fact]
    public void LogSpaced_GivesRoundDecades()
    {
        var axis = GridAxis.LogSpaced(RegularizationParameter.L2Regularization, 1e-5, 10, 7);
        Assert.Equal([1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10], axis.Values);
        Assert.Equal("L2Regularization=1e-5", RegularizationGrid.Over(RegularizationParameter.L2Regularization, 1e-5).Settings[0].ToString());
    }

    [Fact]
    public void BadGrids_AreRefusedNamingTheProblem()
    {
        Assert.Contains("DropoutRate", Assert.Throws<ArgumentOutOfRangeException>(() => RegularizationGrid.Over(RegularizationParameter.DropoutRate, 1.0)).Message);
        Assert.Contains("L2Regularization", Assert.Throws<ArgumentOutOfRangeException>(() => RegularizationGrid.Over(RegularizationParameter.L2Regularization, -1)).Message);
        Assert.Contains("no values", Assert.Throws<ArgumentException>(() => RegularizationGrid.Over(RegularizationParameter.L2Regularization)).Message);
        Assert.Contains("repeats", Assert.Throws<ArgumentException>(() => RegularizationGrid.Over(RegularizationParameter.L2Regularization, 1, 1)).Message);
        Assert.Contains("two axes", Assert.Throws<ArgumentException>(() => new RegularizationGrid(
            new GridAxis(RegularizationParameter.L2Regularization, [1]), new GridAxis(RegularizationParameter.L2Regularization, [2]))).Message);
        Assert.Contains("elastic-net", Assert.Throws<ArgumentException>(() => new RegularizationGrid(
            new GridAxis(RegularizationParameter.L2Regularization, [1]), new GridAxis(RegularizationParameter.ElasticNetMix, [0.5]))).Message);
        Assert.Equal("NumberOfFolds", Assert.Throws<InvalidOptionException>(() => new RegularizationSearchOptions { NumberOfFolds = 1 }.Validate()).ParamName);
    }
}
