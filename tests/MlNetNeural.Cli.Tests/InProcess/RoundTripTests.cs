using System.Globalization;
using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.InProcess;

/// <summary>train → evaluate → predict → plot on the sample data sets, each task, in-process.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Binary_TrainEvaluatePredict_AgreeWithEachOther()
    {
        string data = TestData.PathOf("breast_cancer"), model = _folder.File("cancer.zip");
        var train = Tool.Ok("train", data, "--label", "Label", "--task", "binary", "--hidden", "16", "--epochs", "15", "--out", model, "--quiet");
        Assert.Equal($"saved {model}", train.Stdout.Trim());
        Assert.Equal("", train.Stderr);
        Assert.True(File.Exists(model));
        Assert.Empty(_folder.LeftoverTempFiles());

        var evaluate = Tool.Ok("evaluate", model, data);
        double accuracy = Metric(evaluate, "Accuracy");
        Assert.InRange(accuracy, 0.90, 1.0);
        Assert.Contains("Confusion table", evaluate.Stdout);

        var predict = Tool.Ok("predict", model, data);
        var lines = predict.StdoutLines;
        Assert.Equal("PredictedLabel,Score,Probability", lines[0]);
        var labels = TestData.Labels("breast_cancer");
        Assert.Equal(labels.Length, lines.Length - 1);
        // The predictions' accuracy is the accuracy evaluate reported: same model, same rows.
        var predicted = lines.Skip(1).Select(l => l.Split(',')[0]).ToArray();
        double agreement = predicted.Zip(labels, (p, l) => p == l ? 1.0 : 0.0).Average();
        Assert.Equal(accuracy, agreement, 5);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            float score = float.Parse(cells[1], CultureInfo.InvariantCulture), probability = float.Parse(cells[2], CultureInfo.InvariantCulture);
            Assert.Equal(score > 0, cells[0] == "true");
            Assert.InRange(probability, 0f, 1f);
        }
    }

    [Fact]
    public void Multiclass_PredictionsReadAsTheOriginalLabels_WithOrWithoutALabelColumn()
    {
        string data = TestData.PathOf("iris"), model = _folder.File("iris.zip");
        Tool.Ok("train", data, "--label", "Label", "--task", "multiclass", "--hidden", "16", "--epochs", "60", "--learning-rate", "0.01", "--out", model, "--quiet");

        var evaluate = Tool.Ok("evaluate", model, data);
        Assert.InRange(Metric(evaluate, "MicroAccuracy"), 0.85, 1.0);
        Assert.Contains("setosa", evaluate.Stdout);

        string unlabelled = TestData.WithoutLabel("iris", _folder.File("unlabelled.csv"));
        string predictions = _folder.File("predictions.csv");
        var predict = Tool.Ok("predict", model, unlabelled, "--out", predictions);
        Assert.Contains("wrote 150 prediction(s)", predict.Stderr);
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("PredictedLabel,Score.setosa,Score.versicolor,Score.virginica", lines[0]);
        Assert.Equal(151, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(l.Split(',')[0], new[] { "setosa", "versicolor", "virginica" }));
        // Each row's class probabilities sum to one and the predicted label is the most probable class.
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var p = cells.Skip(1).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, p.Sum(), 4);
            Assert.Equal(lines[0].Split(',')[1 + Array.IndexOf(p, p.Max())], "Score." + cells[0]);
        }
        // Scoring the labelled file gives the same predictions: the label plays no part.
        var labelled = Tool.Ok("predict", model, data);
        Assert.Equal(lines, labelled.StdoutLines);
        Assert.Empty(_folder.LeftoverTempFiles());
    }

    [Fact]
    public void Regression_EvaluatesAndPredictsScores()
    {
        string data = TestData.PathOf("diabetes"), model = _folder.File("diabetes.zip");
        Tool.Ok("train", data, "--label", "Label", "--task", "regression", "--hidden", "16", "--epochs", "30", "--learning-rate", "0.01", "--out", model, "--quiet");
        var evaluate = Tool.Ok("evaluate", model, data);
        Assert.InRange(Metric(evaluate, "RSquared"), 0.2, 1.0);
        var predict = Tool.Ok("predict", model, data);
        Assert.Equal("Score", predict.StdoutLines[0]);
        Assert.Equal(443, predict.StdoutLines.Length);
        Assert.All(predict.StdoutLines.Skip(1), l => Assert.True(double.IsFinite(double.Parse(l, CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Perceptron_TrainsEvaluatesWithoutProbability_AndPlotsItsErrorCurve()
    {
        string data = TestData.PathOf("breast_cancer"), model = _folder.File("perceptron.zip");
        Tool.Ok("train", data, "--label", "Label", "--task", "binary", "--perceptron", "--epochs", "5", "--out", model, "--quiet");
        var evaluate = Tool.Ok("evaluate", model, data);
        Assert.InRange(Metric(evaluate, "Accuracy"), 0.85, 1.0);
        Assert.DoesNotContain("LogLoss", evaluate.Stdout);
        Assert.Equal("PredictedLabel,Score", Tool.Ok("predict", model, data).StdoutLines[0]);

        string picture = _folder.File("errors.png");
        Tool.Ok("plot", model, "--out", picture);
        PngCheck.AssertNonTrivial(picture);
    }

    [Fact]
    public void Plot_WritesTheLossCurve_NextToTheModelByDefault()
    {
        string model = _folder.File("iris.zip");
        Tool.Ok("train", TestData.PathOf("iris"), "--label", "Label", "--task", "multiclass", "--hidden", "8", "--epochs", "10", "--early-stopping", "--out", model, "--quiet");
        var plot = Tool.Ok("plot", model, "--log", "--title", "iris");
        string picture = _folder.File("iris-loss.png");
        Assert.Equal($"wrote {picture}", plot.Stdout.Trim());
        PngCheck.AssertNonTrivial(picture);
        Assert.Empty(_folder.LeftoverTempFiles());
    }

    [Fact]
    public void Tsv_IsDetectedByExtension_OrNamedWithSeparator()
    {
        string tsv = TestData.AsTsv("iris", _folder.File("iris.tsv"));
        string model = _folder.File("iris.zip");
        Tool.Ok("train", tsv, "--label", "Label", "--task", "multiclass", "--hidden", "8", "--epochs", "5", "--out", model, "--quiet");
        Assert.Contains("MicroAccuracy", Tool.Ok("evaluate", model, tsv).Stdout);

        string txt = _folder.File("iris.txt");
        File.Copy(tsv, txt);
        Assert.Contains("MicroAccuracy", Tool.Ok("evaluate", model, txt, "--separator", "tab").Stdout);
        // A wrong separator makes the file one column: the model's features are missing.
        var wrong = Tool.Run("evaluate", model, txt, "--separator", "comma");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("lacks the feature column(s) 'f0'", wrong.Stderr);
    }

    [Fact]
    public void AnIdentifierColumn_IsExcluded_AndTheTableSaysWhy()
    {
        string data = _folder.File("with-id.csv");
        File.WriteAllLines(data, File.ReadLines(TestData.PathOf("iris")).Select((l, i) => (i == 0 ? "name," : $"row{i},") + l));
        string model = _folder.File("m.zip");
        var train = Tool.Run("train", data, "--label", "Label", "--task", "multiclass", "--hidden", "4", "--epochs", "2", "--out", model);
        Assert.Equal(0, train.ExitCode);
        Assert.Contains(train.StderrLines, l => l.StartsWith("name", StringComparison.Ordinal) && l.Contains("identifier: 150 distinct values in 150 rows", StringComparison.Ordinal) && l.EndsWith("excluded", StringComparison.Ordinal));
        Assert.Contains(train.StderrLines, l => l.StartsWith("f0", StringComparison.Ordinal) && l.EndsWith("standardized", StringComparison.Ordinal));
        Assert.Contains("training MlpMulticlassTrainer on 4 feature(s)", train.Stderr);
    }

    [Theory]
    [InlineData("iris", "task: multiclass (auto: label 'Label' has 3 distinct text value(s)")]
    [InlineData("breast_cancer", "task: binary (auto: label 'Label' has 2 distinct true/false value(s)")]
    [InlineData("diabetes", "task: regression (auto: label 'Label' has ")]
    public void WithoutTask_TheTaskIsReadOffTheWholeLabelColumn_AndPrinted(string data, string expected)
    {
        string model = _folder.File(data + "-auto.zip");
        var train = Tool.Run("train", TestData.PathOf(data), "--label", "Label", "--hidden", "4", "--epochs", "1", "--out", model);
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains(train.StderrLines, l => l.StartsWith(expected, StringComparison.Ordinal));
        var explicitAuto = Tool.Run("train", TestData.PathOf(data), "--label", "Label", "--task", "auto", "--hidden", "4", "--epochs", "1", "--out", model);
        Assert.Contains(explicitAuto.StderrLines, l => l.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void TaskAuto_ReadsPastTheTypeGuessingSample()
    {
        // 2,500 rows labelled 0/1 and then one labelled 7: a prefix would say binary, the whole column says multiclass.
        string data = _folder.File("late-class.csv");
        var random = new Random(1);
        var lines = new List<string> { "a,b,y" };
        for (int i = 0; i < 2500; i++)
            lines.Add($"{random.NextDouble():F3},{random.NextDouble():F3},{i % 2}");
        lines.Add("0.5,0.5,7");
        File.WriteAllLines(data, lines);
        var train = Tool.Run("train", data, "--label", "y", "--hidden", "4", "--epochs", "1", "--out", _folder.File("late.zip"));
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains(train.StderrLines, l => l.StartsWith("task: multiclass (auto: label 'y' has 3 distinct whole numbers", StringComparison.Ordinal));
    }

    [Fact]
    public void ColumnTypes_AreReadOffEveryRow_AndMissingWordsKeepAColumnNumeric()
    {
        // 2,500 numeric rows, then one where 'a' says N/A (missing) and 'b' holds text: 'b' is text (all distinct:
        // an identifier), 'a' still a number, its missing value replaced and flagged, the row kept.
        string data = _folder.File("late-text.csv");
        var random = new Random(2);
        var lines = new List<string> { "a,b,c,y" };
        for (int i = 0; i < 2500; i++)
            lines.Add($"{random.NextDouble():F3},{random.NextDouble():F3}{i},{random.NextDouble():F3},{i % 2}");
        lines.Add("N/A,hello,0.5,1");
        File.WriteAllLines(data, lines);
        var train = Tool.Run("train", data, "--label", "y", "--hidden", "4", "--epochs", "1", "--out", _folder.File("late-text.zip"));
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains(train.StderrLines, l => l.StartsWith("b ", StringComparison.Ordinal) && l.Contains("identifier", StringComparison.Ordinal));
        Assert.Contains(train.StderrLines, l => l.StartsWith("a ", StringComparison.Ordinal) && l.Contains("numbers, 1 missing", StringComparison.Ordinal) && l.Contains("is-missing indicator", StringComparison.Ordinal));
        Assert.Contains(train.StderrLines, l => l.StartsWith("training MlpBinaryTrainer on 2 feature(s)", StringComparison.Ordinal));
        Assert.DoesNotContain(train.StderrLines, l => l.StartsWith("warning: Skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void RowsSkippedForAMissingLabel_AreShownAsAWarningWithTheirCount()
    {
        // Two rows lose their label; a missing feature value is replaced instead and skips nothing.
        string data = _folder.File("with-gaps.csv");
        File.WriteAllLines(data, File.ReadLines(TestData.PathOf("diabetes")).Select((l, i) => i is 5 or 80 ? l[..(l.LastIndexOf(',') + 1)] + "?" : i == 9 ? "?" + l[l.IndexOf(',')..] : l));
        var train = Tool.Run("train", data, "--label", "Label", "--task", "regression", "--hidden", "4", "--epochs", "2", "--out", _folder.File("gaps.zip"));
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains(train.StderrLines, l => l.StartsWith("warning: Skipped 2 of 442 training rows", StringComparison.Ordinal));
        Assert.Contains(train.StderrLines, l => l.StartsWith("f0 ", StringComparison.Ordinal) && l.Contains("1 missing", StringComparison.Ordinal));

        var clean = Tool.Run("train", TestData.PathOf("diabetes"), "--label", "Label", "--task", "regression", "--hidden", "4", "--epochs", "2", "--out", _folder.File("clean.zip"));
        Assert.DoesNotContain(clean.StderrLines, l => l.StartsWith("warning:", StringComparison.Ordinal));
    }

    [Fact]
    public void Cv_PrintsTheTable_WritesTheValidationCurve_AndTheRefittedModel()
    {
        string data = TestData.PathOf("breast_cancer"), picture = _folder.File("cv.png"), model = _folder.File("refit.zip");
        var cv = Tool.Ok("cv", data, "--label", "Label", "--task", "binary", "--l2", "1e-4,1", "--folds", "2",
            "--hidden", "8", "--epochs", "5", "--plot", picture, "--out", model, "--quiet");
        var table = cv.StdoutLines;
        Assert.StartsWith("L2Regularization", table[0]);
        Assert.Contains(table, l => l.StartsWith("0.0001 ", StringComparison.Ordinal));
        Assert.Contains(table, l => l.StartsWith("1 ", StringComparison.Ordinal));
        Assert.Contains(table, l => l.Contains("selected", StringComparison.Ordinal));
        Assert.Contains("2-fold cross-validation", cv.Stdout);
        PngCheck.AssertNonTrivial(picture);
        Assert.Contains("Accuracy", Tool.Ok("evaluate", model, data).Stdout);
        Assert.Empty(_folder.LeftoverTempFiles());
    }

    [Fact]
    public void Cv_Stratify_UsesStratifiedFolds_AndIsRepeatable()
    {
        string data = TestData.PathOf("iris");
        string[] args = ["cv", data, "--label", "Label", "--task", "multiclass", "--l2", "1e-3", "--folds", "3", "--hidden", "4", "--epochs", "3",
            "--stratify", "--plot", _folder.File("s.png"), "--quiet"];
        var first = Tool.Ok(args);
        Assert.Contains("folds: stratified by label 'Label'", first.Stdout);
        Assert.Equal(first.StdoutLines.Where(l => !l.StartsWith("wrote ", StringComparison.Ordinal)),
            Tool.Ok(args).StdoutLines.Where(l => !l.StartsWith("wrote ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Cv_Multiclass_RefitPredictsOriginalLabels()
    {
        string data = TestData.PathOf("iris"), model = _folder.File("refit.zip");
        var cv = Tool.Run("cv", data, "--label", "Label", "--task", "multiclass", "--l2", "1e-3,1e-1", "--folds", "2",
            "--hidden", "8", "--epochs", "5", "--plot", _folder.File("cv.png"), "--out", model, "--metric", "macro-accuracy");
        Assert.True(cv.ExitCode == 0, cv.ToString());
        Assert.Contains("MacroAccuracy (validation)", cv.Stdout);
        Assert.Contains("folds: ML.NET's CrossValidationSplit", cv.Stdout);
        Assert.Contains("fit 5/5", cv.Stderr); // 2 values × 2 folds + the refit, one plain line each.
        Assert.Contains(Tool.Ok("predict", model, data).StdoutLines[1].Split(',')[0], new[] { "setosa", "versicolor", "virginica" });
    }

    /// <summary>The value on the metric's line of evaluate's output.</summary>
    private static double Metric(CliResult result, string name)
    {
        var line = result.StdoutLines.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[name.Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
