using System.Diagnostics;
using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.ChildProcess;

/// <summary>The built tool run as <c>dotnet MlNetNeural.Cli.dll</c>: help, mistakes, a full run, and interruptions.</summary>
public sealed class ChildProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Help_ExitsZero()
    {
        var top = ChildCli.Run(_folder.Path, "--help");
        Assert.Equal(0, top.ExitCode);
        Assert.Contains("Usage: mlnetneural <command>", top.Stdout);
        var train = ChildCli.Run(_folder.Path, "train", "--help");
        Assert.Equal(0, train.ExitCode);
        Assert.StartsWith("Usage: mlnetneural train <data> [options]", train.Stdout);
    }

    [Theory]
    [InlineData("--activation", "relux", "--activation: unknown value 'relux'")]
    [InlineData("--epochs", "ten", "--epochs: 'ten' is not a whole number")]
    [InlineData("--bogus", "1", "unknown option '--bogus'")]
    public void BadArgument_OneLineOnStderr_ExitTwo(string option, string value, string expected)
    {
        var result = ChildCli.Run(_folder.Path, "train", TestData.PathOf("iris"), "--label", "Label", "--task", "multiclass", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.StderrLines));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void MissingFile_ExitTwo()
    {
        var result = ChildCli.Run(_folder.Path, "evaluate", "missing.zip", TestData.PathOf("iris"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("model file 'missing.zip' does not exist", Assert.Single(result.StderrLines));
    }

    [Fact]
    public void TrainEvaluatePredictPlot_InChildProcesses()
    {
        // Relative paths resolve against the working directory; model.zip is train's default output.
        var train = ChildCli.Run(_folder.Path, "train", TestData.PathOf("breast_cancer"), "--label", "Label", "--task", "binary", "--hidden", "8", "--epochs", "5");
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("epoch 5/5", train.Stderr); // Redirected: plain lines.
        Assert.DoesNotContain('\r', train.Stderr);
        Assert.True(File.Exists(_folder.File("model.zip")));

        var evaluate = ChildCli.Run(_folder.Path, "evaluate", "model.zip", TestData.PathOf("breast_cancer"));
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Contains("AreaUnderRocCurve", evaluate.Stdout);

        var predict = ChildCli.Run(_folder.Path, "predict", "model.zip", TestData.PathOf("breast_cancer"), "--out", "predictions.csv");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Equal(570, File.ReadAllLines(_folder.File("predictions.csv")).Length);

        var plot = ChildCli.Run(_folder.Path, "plot", "model.zip");
        Assert.True(plot.ExitCode == 0, plot.ToString());
        PngCheck.AssertNonTrivial(_folder.File("model-loss.png"));
        Assert.Empty(_folder.LeftoverTempFiles());
    }

    [Fact]
    public void Train_KilledMidTraining_LeavesNoModelAndNoTempFile()
    {
        string model = _folder.File("model.zip");
        using var process = ChildCli.Start(_folder.Path, "train", TestData.PathOf("breast_cancer"), "--label", "Label", "--task", "binary",
            "--epochs", "100000", "--out", model);
        _ = process.StandardOutput.ReadToEndAsync();
        WaitForFirstEpoch(process);
        process.Kill(entireProcessTree: true);
        Assert.True(process.WaitForExit(30_000));
        Assert.False(File.Exists(model));
        Assert.Empty(_folder.LeftoverTempFiles());
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task Train_InterruptedBySigint_CancelsCleanly()
    {
        if (OperatingSystem.IsWindows())
            return; // Ctrl+C cannot be sent to a child without a console there; the in-process tests cover the token.
        string model = _folder.File("model.zip");
        using var process = ChildCli.Start(_folder.Path, "train", TestData.PathOf("breast_cancer"), "--label", "Label", "--task", "binary",
            "--epochs", "100000", "--out", model);
        var stdout = process.StandardOutput.ReadToEndAsync();
        WaitForFirstEpoch(process);
        string rest = await ChildCli.Interrupt(process);
        Assert.Equal(130, process.ExitCode);
        Assert.EndsWith("mlnetneural train: cancelled; nothing was written", rest.TrimEnd());
        Assert.Equal("", await stdout);
        Assert.False(File.Exists(model));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    /// <summary>Reads stderr until the first epoch's progress line (training is under way).</summary>
    private static void WaitForFirstEpoch(Process process)
    {
        var clock = Stopwatch.StartNew();
        while (process.StandardError.ReadLine() is { } line)
        {
            if (line.StartsWith("epoch 1/", StringComparison.Ordinal))
                return;
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "No epoch line within a minute.");
        }
        Assert.Fail($"The tool ended before its first epoch (exit {(process.HasExited ? process.ExitCode : -1)}).");
    }
}
