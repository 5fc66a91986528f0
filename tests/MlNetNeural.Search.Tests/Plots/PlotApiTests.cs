using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Plots;
using MlNetNeural.Search.Tests.Support;
using SkiaSharp;

namespace MlNetNeural.Search.Tests.Plots;

/// <summary>Each picture of the public plotting API renders from a real model or search.</summary>
public sealed class PlotApiTests
{
    [Fact]
    public void EmbeddedFont_IsRegisteredAndHasTheLatinGlyphs()
    {
        Assert.Equal("DejaVu Sans", EmbeddedFonts.Register());
        using var typeface = ScottPlot.Fonts.GetTypeface(EmbeddedFonts.FamilyName, bold: false, italic: false);
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        Assert.True(typeface.GlyphCount > 1000);
        using var bold = ScottPlot.Fonts.GetTypeface(EmbeddedFonts.FamilyName, bold: true, italic: false);
        Assert.Equal(SKFontStyleWeight.Bold, (SKFontStyleWeight)bold.FontWeight);
    }

    [Fact]
    public void TitleText_IsDrawn()
    {
        using var temp = new TempFolder();
        var empty = new ScottPlot.Plot();
        EmbeddedFonts.Apply(empty);
        var titled = new ScottPlot.Plot();
        EmbeddedFonts.Apply(titled);
        titled.Title("Loss curve of a multi-layer perceptron");
        int without = PngCheck.DistinctColours(NeuralPlots.SavePng(empty, temp.File("a.png"), 400, 300));
        int with = PngCheck.DistinctColours(NeuralPlots.SavePng(titled, temp.File("b.png"), 400, 300));
        Assert.True(with > without + 10, $"Anti-aliased title text adds grey levels: {without} colours without, {with} with.");
    }

    [Fact]
    public void LossCurve_DecisionBoundary_AndPerceptronErrors_Render()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "moons_200");
        var trainer = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 15, Seed = 1 });
        var model = ml.Transforms.NormalizeMeanVariance("Features").Append(trainer).Fit(data);
        var withValidation = trainer.Fit(data, data);

        PngCheck.AssertNonTrivial(NeuralPlots.SavePng(NeuralPlots.LossCurve(model.LastTransformer.Model.History), temp.File("loss.png")));
        PngCheck.AssertNonTrivial(NeuralPlots.SavePng(NeuralPlots.LossCurve(withValidation.Model.History, logScale: true), temp.File("loss-log.png")));
        PngCheck.AssertNonTrivial(NeuralPlots.SavePng(NeuralPlots.LossCurves(
            [("a", model.LastTransformer.Model.History), ("b", withValidation.Model.History)], "two", includeValidation: true), temp.File("losses.png")));
        PngCheck.AssertNonTrivial(NeuralPlots.SavePng(NeuralPlots.DecisionBoundary(ml, model, data, resolution: 60), temp.File("boundary.png")));
        var perceptron = ml.BinaryClassification.Trainers.Perceptron().Fit(data);
        PngCheck.AssertNonTrivial(NeuralPlots.SavePng(NeuralPlots.PerceptronErrors(perceptron.Model.MisclassificationsPerEpoch), temp.File("errors.png")));
    }

    [Fact]
    public void FeatureContributions_Render_LargestOnly_AndRefuseWhatCannotBeDrawn()
    {
        using var temp = new TempFolder();
        var contributions = Enumerable.Range(0, 20).Select(i => ($"feature {i}", (i % 2 == 0 ? 1.0 : -1.0) * i)).ToArray();
        var plot = NeuralPlots.FeatureContributions(contributions, "one prediction", maximumBars: 5);
        PngCheck.AssertNonTrivial(NeuralPlots.SavePng(plot, temp.File("contributions.png")));
        var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().Single().Bars;
        Assert.Equal([-19.0, 18.0, -17.0, 16.0, -15.0], bars.OrderByDescending(b => b.Position).Select(b => b.Value));

        Assert.Throws<ArgumentException>(() => NeuralPlots.FeatureContributions([], "none"));
        var error = Assert.Throws<ArgumentException>(() => NeuralPlots.FeatureContributions([("temp", double.NaN)], "bad"));
        Assert.Contains("temp", error.Message);
    }

    [Fact]
    public void DecisionBoundary_OfAMulticlassModel_OnTwoScalarColumns()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        var iris = TestData.Iris(ml);
        var twoColumns = ml.Transforms.CopyColumns("Features2", "Features").Append(ml.Transforms.SelectColumns("Features", "Label")).Fit(iris).Transform(iris);
        var petals = ml.Transforms.CustomMapping<IrisIn, IrisPetals>((i, o) => { o.PetalLength = i.Features[2]; o.PetalWidth = i.Features[3]; }, null)
            .Fit(twoColumns).Transform(twoColumns);
        var model = ml.Transforms.Concatenate("Features", "PetalLength", "PetalWidth")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 40, Seed = 1 }))
            .Fit(petals);
        var plot = NeuralPlots.DecisionBoundaryOnColumns(ml, model, petals, "PetalLength", "PetalWidth", resolution: 60);
        PngCheck.AssertNonTrivial(NeuralPlots.SavePng(plot, temp.File("iris.png")));
        Assert.Contains(plot.GetPlottables().OfType<ScottPlot.Plottables.Markers>(), m => m.LegendText == "setosa");
    }

    [Fact]
    public void ValidationAndLearningCurves_Render()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "moons_200");
        var grid = RegularizationGrid.Over(RegularizationParameter.L2Regularization, 1e-3, 1e-1, 1);
        Func<RegularizationSetting, IEstimator<ITransformer>> make = s => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 5 }));
        var search = RegularizationSearch.Run(ml, data, null, make, grid, SearchMetrics.BinaryAccuracy,
            new RegularizationSearchOptions { NumberOfFolds = 3, Refit = false, UseOneStandardErrorRule = true });
        PngCheck.AssertNonTrivial(NeuralPlots.SavePng(NeuralPlots.ValidationCurve(search), temp.File("validation.png")));
        var curve = RegularizationSearch.LearningCurve(ml, data, null, make, SearchMetrics.BinaryAccuracy, [0.5, 1], options: new RegularizationSearchOptions { NumberOfFolds = 3 });
        PngCheck.AssertNonTrivial(NeuralPlots.SavePng(NeuralPlots.LearningCurve(curve), temp.File("learning.png")));
    }

    public sealed class IrisIn
    {
        [Microsoft.ML.Data.VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    public sealed class IrisPetals
    {
        public float PetalLength { get; set; }

        public float PetalWidth { get; set; }
    }
}
