using System.Diagnostics;
using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.ChildProcess;

/// <summary>
/// <c>train --checkpoint</c> in child processes: killed outright (SIGKILL) during an epoch after a checkpoint, or
/// interrupted by SIGINT (which saves one and exits 130), the run resumed with <c>--resume</c> gives the uninterrupted
/// run's model: the same score for every row, to the last bit.
/// </summary>
public sealed class CheckpointChildProcessTests : IDisposable
{
    private const string Epochs = "1500";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_run_killed_or_interrupted_after_a_checkpoint_resumes_to_the_uninterrupted_model()
    {
        var full = ChildCli.Run(_folder.Path, Train("full.zip"));
        Assert.True(full.ExitCode == 0, full.ToString());
        string expected = Predictions("full.zip");

        // SIGKILL: no chance to save anything; the last whole checkpoint is what a resume has.
        using (var process = ChildCli.Start(_folder.Path, [.. Train("killed.zip"), "--checkpoint", "killed"]))
        {
            _ = process.StandardOutput.ReadToEndAsync();
            WaitForEpoch(process, 40);
            Assert.True(File.Exists(_folder.File(Path.Combine("killed", "checkpoint.mlnn"))));
            process.Kill(entireProcessTree: true);
            Assert.True(process.WaitForExit(30_000));
        }
        Assert.False(File.Exists(_folder.File("killed.zip")));
        var resumed = ChildCli.Run(_folder.Path, [.. Train("killed.zip"), "--checkpoint", "killed", "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resuming from checkpoint", resumed.Stderr);
        Assert.Equal(expected, Predictions("killed.zip"));

        if (OperatingSystem.IsWindows())
            return; // SIGINT cannot be sent to a child without a console there
        using (var process = ChildCli.Start(_folder.Path, [.. Train("interrupted.zip"), "--checkpoint", "interrupted"]))
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            WaitForEpoch(process, 40);
            string rest = await ChildCli.Interrupt(process);
            Assert.Equal(130, process.ExitCode);
            Assert.Matches(@"mlnetneural train: cancelled; no model was written; checkpoint saved to '.*checkpoint\.mlnn': run the same command with --resume to continue$",
                rest.TrimEnd());
            Assert.Equal("", await stdout);
        }
        Assert.False(File.Exists(_folder.File("interrupted.zip")));
        resumed = ChildCli.Run(_folder.Path, [.. Train("interrupted.zip"), "--checkpoint", "interrupted", "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(expected, Predictions("interrupted.zip"));
        Assert.Empty(_folder.LeftoverTempFiles());
    }

    [Fact]
    public void Resume_without_a_checkpoint_folder_and_checkpoints_for_the_perceptron_are_usage_errors()
    {
        var resume = ChildCli.Run(_folder.Path, [.. Train("m.zip"), "--resume"]);
        Assert.Equal(2, resume.ExitCode);
        Assert.Contains("--resume needs --checkpoint DIR", Assert.Single(resume.StderrLines));
        var perceptron = ChildCli.Run(_folder.Path, "train", TestData.PathOf("breast_cancer"), "--label", "Label", "--task", "binary", "--perceptron", "--checkpoint", "c");
        Assert.Equal(2, perceptron.ExitCode);
        Assert.Contains("--checkpoint is an MLP option", Assert.Single(perceptron.StderrLines));
    }

    private static string[] Train(string output) =>
        ["train", TestData.PathOf("breast_cancer"), "--label", "Label", "--task", "binary", "--hidden", "8", "--epochs", Epochs, "--out", output];

    // Every row's scores as the tool prints them: the shortest text that round-trips each float, so equal text is equal bits.
    private string Predictions(string model)
    {
        string output = Path.ChangeExtension(model, ".csv");
        var predict = ChildCli.Run(_folder.Path, "predict", model, TestData.PathOf("breast_cancer"), "--out", output);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        return File.ReadAllText(_folder.File(output));
    }

    private static void WaitForEpoch(Process process, int epoch)
    {
        var clock = Stopwatch.StartNew();
        while (process.StandardError.ReadLine() is { } line)
        {
            if (line.StartsWith($"epoch {epoch}/", StringComparison.Ordinal))
                return;
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"No epoch {epoch} line within a minute.");
        }
        Assert.Fail($"The tool ended before epoch {epoch} (exit {(process.HasExited ? process.ExitCode : -1)}).");
    }
}
