using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.InProcess;

/// <summary>The progress output: a live bar on a terminal, plain lines when redirected, nothing with --quiet.</summary>
public sealed class ProgressTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Trains 6 epochs and returns what went to stderr.</summary>
    private string Train(bool terminal, params string[] extra)
    {
        string[] args = ["train", TestData.PathOf("iris"), "--label", "Label", "--task", "multiclass", "--hidden", "4", "--epochs", "6", "--out", _folder.File("m.zip"), .. extra];
        var result = Tool.Run(CancellationToken.None, null, terminal, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stderr;
    }

    [Fact]
    public void Redirected_OnePlainLinePerEpoch_WithLossAndEta()
    {
        var lines = Train(terminal: false).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var epochs = lines.Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(6, epochs.Length);
        for (int i = 0; i < 6; i++)
        {
            Assert.StartsWith($"epoch {i + 1}/6  loss ", epochs[i]);
            Assert.Contains(" eta ", epochs[i]);
        }
        Assert.DoesNotContain('\r', string.Concat(lines));
        Assert.StartsWith("trained 6 epoch(s)", lines[^1]);
    }

    [Fact]
    public void Perceptron_ReportsEveryEpochWithItsMisclassifications()
    {
        string[] args = ["train", TestData.PathOf("iris"), "--label", "Label", "--task", "multiclass", "--perceptron", "--epochs", "4", "--out", _folder.File("p.zip")];
        var result = Tool.Run(CancellationToken.None, null, false, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        var epochs = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, epochs.Length);
        for (int i = 0; i < 4; i++)
            Assert.Matches($"^epoch {i + 1}/4  misclassified [0-9]+ of 150 ", epochs[i]);
    }

    [Fact]
    public void EarlyStopping_ShowsTheValidationLoss()
    {
        var text = Train(false, "--early-stopping");
        Assert.Contains("val_loss ", text);
    }

    [Fact]
    public void Terminal_RedrawsOneLiveLine_WithBarEpochLossAndEta()
    {
        var text = Train(terminal: true);
        Assert.Contains("\r[", text);
        Assert.Contains("epoch 6/6", text); // The last epoch is always drawn.
        Assert.Contains("] epoch ", text);
        Assert.Contains(" ETA ", text);
        Assert.Contains("loss ", text);
        Assert.DoesNotContain("\nepoch ", text); // No plain per-epoch lines.
        Assert.Contains("[########################] epoch 6/6", text);
    }

    [Fact]
    public void Quiet_WritesNothingToStderr()
    {
        Assert.Equal("", Train(true, "--quiet"));
        Assert.Equal("", Train(false, "--quiet"));
    }
}
