using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.InProcess;

/// <summary>
/// train chooses each column's featurization from every row, prints it as a table, saves it in the model's manifest,
/// and predict/evaluate on new files apply it: on the newspaper churn file (identifiers, a constant, categories with
/// missing values), with the overrides, and with a version 1 manifest.
/// </summary>
public sealed class FeaturizationTests : IDisposable
{
    private static readonly string Churn = TestData.PathOf("newspaper_churn");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Row(CliResult result, string column) =>
        Assert.Single(result.StderrLines, l => l.StartsWith(column + "  ", StringComparison.Ordinal));

    [Fact]
    public void Churn_TheTableNamesEachColumnsChoice_AndNewFilesAreScoredTheSameWay()
    {
        string model = _folder.File("churn.zip");
        var train = Tool.Run("train", Churn, "--label", "Subscriber", "--hidden", "8", "--epochs", "3", "--out", model);
        Assert.True(train.ExitCode == 0, train.ToString());

        Assert.Contains("identifier: whole numbers, all distinct", Row(train, "SubscriptionID"), StringComparison.Ordinal);
        Assert.Contains("identifier: 1584 distinct values in 1585 rows", Row(train, "Address"), StringComparison.Ordinal);
        Assert.Contains("constant", Row(train, "State"), StringComparison.Ordinal);
        Assert.EndsWith("excluded", Row(train, "State"), StringComparison.Ordinal);
        Assert.Contains("text, 18 values", Row(train, "HH Income"), StringComparison.Ordinal);
        Assert.Contains("one-hot: 17 value(s)", Row(train, "HH Income"), StringComparison.Ordinal); // one value is in fewer than 3 rows
        Assert.Contains("text, 23 values, 117 missing", Row(train, "Language"), StringComparison.Ordinal);
        Assert.EndsWith("standardized", Row(train, "Year Of Residence"), StringComparison.Ordinal);
        Assert.Contains("training MlpBinaryTrainer on 15 feature(s)", train.Stderr, StringComparison.Ordinal);

        // A value never seen in training, an empty category and a missing number: scored, not refused.
        string fresh = _folder.File("new.csv");
        var lines = File.ReadLines(Churn).Take(4).ToList();
        lines[1] = lines[1].Replace(",German,", ",Martian,", StringComparison.Ordinal);
        lines[2] = lines[2].Replace(",13,70-74,", ",N/A,,", StringComparison.Ordinal);
        File.WriteAllLines(fresh, lines);
        var predict = Tool.Run("predict", model, fresh);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Equal(4, predict.StdoutLines.Length);
        foreach (string line in predict.StdoutLines.Skip(1))
            Assert.InRange(double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture), 0, 1);
        Assert.Contains("AreaUnderRocCurve", Tool.Ok("evaluate", model, Churn).Stdout, StringComparison.Ordinal);

        var manifest = Manifest(model);
        Assert.Equal(2, (int)manifest["version"]!);
        Assert.Equal(18, manifest["columns"]!.AsArray().Count); // every column but the label
    }

    [Fact]
    public void Overrides_DecideTheirColumns()
    {
        var train = Tool.Run("train", Churn, "--label", "Subscriber", "--hidden", "4", "--epochs", "1", "--out", _folder.File("o.zip"),
            "--categorical", "Year Of Residence", "--ignore", "City,County", "--text", "Ethnicity", "--numeric", "reward program");
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("--categorical", Row(train, "Year Of Residence"), StringComparison.Ordinal);
        Assert.Contains("one-hot", Row(train, "Year Of Residence"), StringComparison.Ordinal);
        Assert.EndsWith("excluded", Row(train, "City"), StringComparison.Ordinal);
        Assert.EndsWith("excluded", Row(train, "County"), StringComparison.Ordinal);
        Assert.Contains("FeaturizeText", Row(train, "Ethnicity"), StringComparison.Ordinal);
        Assert.Contains("--numeric", Row(train, "reward program"), StringComparison.Ordinal);
        Assert.Contains("training MlpBinaryTrainer on 13 feature(s)", train.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AVersion1Manifest_StillScoresItsNumericColumns()
    {
        string data = TestData.PathOf("iris"), model = _folder.File("iris.zip");
        Tool.Ok("train", data, "--label", "Label", "--task", "multiclass", "--hidden", "4", "--epochs", "3", "--out", model, "--quiet");
        var expected = Tool.Ok("predict", model, data).Stdout;

        // Version 1 wrote no columns: every feature a number.
        var manifest = Manifest(model);
        manifest["version"] = 1;
        manifest.Remove("columns");
        using (var zip = ZipFile.Open(model, ZipArchiveMode.Update))
        {
            zip.GetEntry(ModelManifest.EntryName)!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(ModelManifest.EntryName).Open());
            writer.Write(manifest.ToJsonString());
        }

        Assert.Equal(1, (int)Manifest(model)["version"]!);
        Assert.Equal(expected, Tool.Ok("predict", model, data).Stdout);
    }

    private static JsonObject Manifest(string model)
    {
        using var zip = ZipFile.OpenRead(model);
        using var reader = new StreamReader(zip.GetEntry(ModelManifest.EntryName)!.Open());
        return JsonNode.Parse(reader.ReadToEnd())!.AsObject();
    }
}
