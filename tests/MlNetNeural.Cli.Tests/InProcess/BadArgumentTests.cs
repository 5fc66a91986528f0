using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.InProcess;

/// <summary>Every mistake gives exactly one line on stderr naming the culprit, nothing on stdout, and the right exit code.</summary>
public sealed class BadArgumentTests
{
    private static readonly string Iris = TestData.PathOf("iris");
    private static readonly string Cancer = TestData.PathOf("breast_cancer");

    public static TheoryData<string[], string> UsageErrors => new()
    {
        { [], "missing command" },
        { ["frob"], "unknown command 'frob'" },
        { ["train"], "missing <data>" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--foo", "1"], "unknown option '--foo'" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--epoch", "3"], "did you mean '--epochs'?" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--activation", "relux"], "--activation: unknown value 'relux'" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--optimizer", "adamx"], "--optimizer: unknown value 'adamx'" },
        { ["train", Iris, "--label", "Label", "--task", "classify"], "--task: unknown value 'classify'" },
        { ["train", "no-such-file.csv", "--label", "Label", "--task", "binary"], "data file 'no-such-file.csv' does not exist" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--epochs", "abc"], "--epochs: 'abc' is not a whole number" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--epochs", "0"], "--epochs must be >= 1" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--learning-rate", "fast"], "--learning-rate: 'fast' is not a number" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--learning-rate", "-1"], "--learning-rate must be > 0" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--hidden", "64,x"], "--hidden: 'x' is not a comma-separated list" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--hidden", "64,0"], "--hidden: every value must be >= 1" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--dropout", "1"], "--dropout must be in [0, 1)" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--l2", "-0.1"], "--l2 must be >= 0" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--epochs", "3", "--epochs", "4"], "'--epochs' is given more than once" },
        { ["train", Iris, "--label", "--task", "multiclass"], "option '--label' needs a value" },
        { ["train", Iris, "--task", "multiclass"], "--label is required" },
        { ["train", Iris, "--label", "Nope"], "--label: 'Nope' is not a column" }, // --task auto reads the label first
        { ["train", Iris, "--label", "Species", "--task", "multiclass"], "--label: 'Species' is not a column" },
        { ["train", Iris, "--label", "Label", "--task", "binary"], "--task binary needs a true/false" },
        { ["train", Iris, "--label", "Label", "--task", "regression"], "--task regression needs a numeric label" },
        { ["train", Iris, "--label", "Label", "--task", "regression", "--perceptron"], "--perceptron is for classification" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--perceptron", "--hidden", "4"], "--hidden is an MLP option" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--separator", "::"], "--separator: unknown value '::'" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--ignore", "Nope"], "--ignore: 'Nope' is not a column" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--categorical", "Label"], "--categorical: 'Label' is the label" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--ignore", "f0", "--text", "f0"], "--ignore: 'f0' is already given to --text" },
        { ["train", Iris, "--label", "Label", "--task", "multiclass", "--ignore", "f0,f1,f2,f3"], "has no column besides the label 'Label' to use as features" },
        { ["train", Iris, "extra", "--label", "Label", "--task", "multiclass"], "unexpected argument 'extra'" },
        { ["evaluate", "no-such-model.zip", Iris], "model file 'no-such-model.zip' does not exist" },
        { ["evaluate", Cancer], "missing <data>" },
        { ["predict", "no-such-model.zip", Iris], "model file 'no-such-model.zip' does not exist" },
        { ["plot", "no-such-model.zip"], "model file 'no-such-model.zip' does not exist" },
        { ["plot", "m.zip", "--out", "loss.jpg"], "--out: 'loss.jpg' must end in .png" },
        { ["cv", Iris, "--label", "Label", "--task", "multiclass", "--metric", "auc"], "--metric: unknown value 'auc' for multiclass" },
        { ["cv", Iris, "--label", "Label", "--task", "multiclass", "--folds", "1"], "--folds must be >= 2" },
        { ["cv", Iris, "--label", "Label", "--task", "multiclass", "--l2", "1e-3,,1"], "--l2: '1e-3,,1' is not a comma-separated list of numbers" },
        { ["cv", Iris, "--label", "Label", "--task", "multiclass", "--l2", "1e-3,-1"], "--l2: every value must be >= 0" },
        { ["cv", Iris, "--label", "Label", "--task", "multiclass", "--perceptron"], "unknown option '--perceptron'" },
        { ["cv", Iris, "--label", "f0", "--task", "regression", "--stratify"], "--stratify: folds can be stratified only by a class label" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void A_usage_error_is_one_line_naming_the_culprit_with_exit_code_2(string[] args, string expected)
    {
        var result = Tool.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains(expected, line);
        Assert.StartsWith("mlnetneural", line);
    }

    [Fact]
    public void A_value_only_the_trainer_refuses_is_reported_with_the_flag_from_its_structured_error()
    {
        // 1e40 passes the parser's "> 0" but is ∞ as the trainer's float: the trainer's InvalidOptionException names
        // option LearningRate, and the tool reports its own flag with the requirement, after the featurization table.
        var result = Tool.Run("train", Iris, "--label", "Label", "--task", "multiclass", "--learning-rate", "1e40");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("--learning-rate must be a finite number > 0; it was Infinity", result.StderrLines[^1]);
        Assert.DoesNotContain("Option LearningRate", string.Join("\n", result.StderrLines));
    }

    [Fact]
    public void Data_that_does_not_fit_the_model_is_a_usage_error()
    {
        using var folder = new TempFolder();
        string model = folder.File("cancer.zip");
        Tool.Ok("train", Cancer, "--label", "Label", "--task", "binary", "--hidden", "4", "--epochs", "1", "--out", model, "--quiet");
        var result = Tool.Run("evaluate", model, Iris);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lacks the feature column(s) 'f4'", Assert.Single(result.StderrLines));
        string unlabelled = TestData.WithoutLabel("breast_cancer", folder.File("unlabelled.csv"));
        result = Tool.Run("evaluate", model, unlabelled);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has no label column 'Label' to evaluate against", Assert.Single(result.StderrLines));
    }

    [Fact]
    public void A_failures_message_is_put_on_one_line_with_nothing_taken_out()
    {
        // The tool formats messages, it does not read them: an argument exception's extra lines stay, joined.
        string line = CliApp.OneLine(new ArgumentOutOfRangeException("rows", 7, "too few rows\nfor a split"));
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("too few rows for a split", line);
        Assert.Contains("rows", line);
        Assert.Contains("7", line);
        Assert.Equal(nameof(InvalidDataException), CliApp.OneLine(new InvalidDataException("")));
    }

    [Fact]
    public void A_runtime_failure_is_one_line_with_exit_code_1_and_leaves_no_model()
    {
        using var folder = new TempFolder();
        string notAModel = folder.File("not-a-model.zip");
        File.WriteAllText(notAModel, "f0,Label\n1,true\n");
        var result = Tool.Run("plot", notAModel);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a model zip", Assert.Single(result.StderrLines));

        // A diverging run fails (the trainers refuse non-finite weights) without leaving a model.
        string model = folder.File("diverged.zip");
        result = Tool.Run("train", TestData.PathOf("diabetes"), "--label", "Label", "--task", "regression", "--optimizer", "sgd",
            "--learning-rate", "1e30", "--hidden", "8", "--epochs", "3", "--out", model, "--quiet");
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.False(File.Exists(model));
        Assert.Empty(folder.LeftoverTempFiles());
    }
}
