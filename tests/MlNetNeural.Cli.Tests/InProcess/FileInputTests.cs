using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.InProcess;

/// <summary>
/// Files as users have them: a text file without a header line (the SMS Spam Collection), and the inputs that must be
/// refused with one line naming the culprit: a label with one value, a label that breaks its task after thousands of
/// rows, an empty file, --no-header without names.
/// </summary>
public sealed class FileInputTests : IDisposable
{
    private static readonly string Sms = Path.Combine(AppContext.BaseDirectory, "data", "sms_spam.tsv");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_headerless_text_file_trains_with_named_columns_and_new_lines_are_predicted()
    {
        string data = _folder.File("sms.tsv"), model = _folder.File("sms.zip");
        File.WriteAllLines(data, File.ReadLines(Sms).Take(1500));
        var train = Tool.Run("train", data, "--no-header", "--columns", "Label,Text", "--label", "Label", "--epochs", "8", "--out", model);
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains(train.StderrLines, l => l.StartsWith("Text ", StringComparison.Ordinal) && l.Contains("free text", StringComparison.Ordinal) && l.EndsWith("FeaturizeText (word and character n-grams)", StringComparison.Ordinal));

        string fresh = _folder.File("new.tsv");
        File.WriteAllLines(fresh, ["WINNER!! You have won a free prize, call 09061701461 now to claim", "Are we still meeting for lunch tomorrow?"]);
        var predict = Tool.Run("predict", model, fresh, "--no-header", "--columns", "Text");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Equal(["PredictedLabel,Score.ham,Score.spam", "spam", "ham"], predict.StdoutLines.Select((l, i) => i == 0 ? l : l.Split(',')[0]));
    }

    public static TheoryData<string[], string, string> Refused => new()
    {
        { ["a,y", "1,x", "2,x", "3,x"], "multiclass", "label column 'y' of" },
        { ["a,y", "1,0.5", "2,1.5", "3,oops"], "regression", "--task regression needs a numeric label, but column 'y' has 'oops' in data row 3" },
        { ["a,y", "1,true", "2,maybe"], "binary", "--task binary needs a true/false (or 1/0, yes/no) label, but column 'y' has 'maybe' in data row 2" },
        { [], "binary", "is empty: expected a header line" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_bad_file_is_refused_with_one_line_naming_the_culprit(string[] lines, string task, string expected)
    {
        string data = _folder.File("bad.csv");
        File.WriteAllLines(data, lines);
        var result = Tool.Run("train", data, "--label", "y", "--task", task, "--out", _folder.File("bad.zip"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("bad.zip")));
    }

    [Fact]
    public void A_label_that_turns_bad_after_thousands_of_rows_is_found()
    {
        string data = _folder.File("late.csv");
        var random = new Random(3);
        File.WriteAllLines(data, Enumerable.Range(0, 2600).Select(i => i == 2550 ? "0.5,n/a-ish" : $"{random.NextDouble():F3},{random.NextDouble():F3}").Prepend("a,y"));
        var result = Tool.Run("train", data, "--label", "y", "--task", "regression");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has 'n/a-ish' in data row 2551", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--no-header" }, "--no-header needs --columns")]
    [InlineData(new[] { "--columns", "Label,Text" }, "--columns names the columns of a file without a header line")]
    [InlineData(new[] { "--no-header", "--columns", "Label,Label" }, "--columns names 'Label' twice")]
    [InlineData(new[] { "--no-header", "--columns", "Label" }, "--columns names 1 column(s) but the first line")]
    public void Header_options_that_do_not_fit_are_refused(string[] options, string expected)
    {
        var result = Tool.Run(["train", Sms, "--label", "Label", "--task", "multiclass", .. options]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }
}
