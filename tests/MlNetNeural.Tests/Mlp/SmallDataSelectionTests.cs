using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetNeural.Mlp;
using MlNetNeural.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlNetNeural.Tests.Mlp;

/// <summary>
/// On at most 1,000 dense rows the default regression MLP chooses between the tabular recipe and the Classic network at
/// three L2 strengths by 5-fold cross-validated loss (option SmallDataSelection; classification opts in). The choice must
/// only pick: the model returned is the one the chosen options give when fitted directly; any recipe option you set
/// turns it off; and on diabetes, where the tabular recipe overfits, it must pick well.
/// </summary>
public sealed class SmallDataSelectionTests(ITestOutputHelper output)
{
    private static (ITransformer Model, List<string> Log) Fit(MLContext ml, IDataView data, IEstimator<ITransformer> trainer)
    {
        var log = new List<string>();
        // Through reflection: this project sees ML.NET's internals, where a field shares the event's name.
        typeof(MLContext).GetEvent("Log")!.AddEventHandler(ml, new EventHandler<LoggingEventArgs>((_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Info && e.Message.Contains("Small training set", StringComparison.Ordinal))
                log.Add(e.Message);
        }));
        var normalized = ml.Transforms.NormalizeMeanVariance("Features").Fit(data).Transform(data);
        return (trainer.Fit(normalized), log);
    }

    private static float[] FirstLayer(ITransformer model) =>
        ((RegressionPredictionTransformer<MlpRegressionModelParameters>)model).Model.Network.Weights[0].ToArray();

    [Fact]
    public void The_winner_is_the_model_its_options_give_when_fitted_directly()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        var (selected, log) = Fit(ml, data, ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options { Seed = 3 }));

        string line = Assert.Single(log);
        output.WriteLine(line);
        Assert.Contains("442 rows", line, StringComparison.Ordinal);
        Assert.Contains("tabular recipe", line, StringComparison.Ordinal);
        var chosen = MlpOptionsBase.Defaults.SmallDataClassicL2.Where(l2 => line.Contains($"training the Classic network, L2 {l2:G2} on every row", StringComparison.Ordinal)).ToArray();
        var direct = chosen.Length == 1
            ? new MlpRegressionTrainer.Options(MlpPreset.Classic) { L2Regularization = chosen[0], Seed = 3 }
            : new MlpRegressionTrainer.Options { SmallDataSelection = false, Seed = 3 };
        Assert.True(chosen.Length == 1 || line.Contains("training the tabular recipe", StringComparison.Ordinal), line);
        var (fitted, _) = Fit(ml, data, ml.Regression.Trainers.Mlp(direct));

        Assert.Equal(FirstLayer(fitted), FirstLayer(selected));
        Assert.Equal(((RegressionPredictionTransformer<MlpRegressionModelParameters>)fitted).Model.HiddenLayerSizes,
            ((RegressionPredictionTransformer<MlpRegressionModelParameters>)selected).Model.HiddenLayerSizes);
    }

    [Fact]
    public void A_recipe_option_you_set_or_switching_it_off_keeps_your_options_as_given()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        var (_, withL2) = Fit(ml, data, ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options { L2Regularization = 1e-3f, NumberOfEpochs = 5, Seed = 1 }));
        var (_, switchedOff) = Fit(new MLContext(seed: 1), data, new MLContext(seed: 1).Regression.Trainers.Mlp(
            new MlpRegressionTrainer.Options { SmallDataSelection = false, NumberOfEpochs = 5, Seed = 1 }));
        var (_, classic) = Fit(new MLContext(seed: 1), data, new MLContext(seed: 1).Regression.Trainers.Mlp(
            new MlpRegressionTrainer.Options(MlpPreset.Classic) { NumberOfEpochs = 5, Seed = 1 }));

        Assert.Empty(withL2);
        Assert.Empty(switchedOff);
        Assert.Empty(classic);
        Assert.False(new MlpRegressionTrainer.Options(MlpPreset.Classic).SmallDataSelection);
    }

    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1001, 0)]
    public void Up_to_a_thousand_rows_are_cross_validated(int rows, int selections)
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(5);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(_ =>
        {
            float x = (float)random.NextDouble(), y = (float)random.NextDouble();
            return new RegressionRow { Features = [x, y], Label = x - (2 * y) + (0.1f * (float)random.NextDouble()) };
        }));
        var (_, log) = Fit(ml, data, ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options { Seed = 1 }));
        Assert.Equal(selections, log.Count);
    }

    [Fact]
    public void Classification_opts_in_and_its_folds_keep_the_winner_the_direct_fit()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_200");
        Assert.False(new MlpBinaryTrainer.Options().SmallDataSelection);
        var (selected, log) = Fit(ml, data, ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { SmallDataSelection = true, Seed = 2 }));

        string line = Assert.Single(log);
        output.WriteLine(line);
        var chosen = MlpOptionsBase.Defaults.SmallDataClassicL2.Where(l2 => line.Contains($"training the Classic network, L2 {l2:G2} on every row", StringComparison.Ordinal)).ToArray();
        var direct = chosen.Length == 1
            ? new MlpBinaryTrainer.Options(MlpPreset.Classic) { L2Regularization = chosen[0], Seed = 2 }
            : new MlpBinaryTrainer.Options { Seed = 2 };
        var (fitted, _) = Fit(ml, data, ml.BinaryClassification.Trainers.Mlp(direct));
        Assert.Equal(BinaryFirstLayer(fitted), BinaryFirstLayer(selected));
    }

    private static float[] BinaryFirstLayer(ITransformer model) =>
        ((BinaryPredictionTransformer<MlpBinaryModelParameters>)model).Model.Network.Weights[0].ToArray();

    private sealed class RegressionRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    [Fact]
    public void On_diabetes_the_default_is_within_001_of_the_linear_models_r_squared()
    {
        // Measured: LbfgsPoissonRegression 0.492, Sdca 0.485; the tabular recipe alone 0.295, the Classic preset 0.450.
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.Regression.Trainers.Mlp());
        double r2 = ml.Regression.CrossValidate(Datasets.Regression(ml, "diabetes"), pipeline, numberOfFolds: 5).Average(f => f.Metrics.RSquared);
        output.WriteLine($"diabetes, defaults: 5-fold R² {r2:F4}");
        Assert.True(r2 >= 0.48, $"diabetes, defaults: 5-fold R² {r2:F4} < 0.48");
    }
}
