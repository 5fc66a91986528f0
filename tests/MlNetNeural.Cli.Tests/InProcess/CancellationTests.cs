using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.InProcess;

/// <summary>Cancelling (Ctrl+C in the real tool) stops training cleanly and writes nothing.</summary>
public sealed class CancellationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Train_CancelledAfterTheFirstEpoch_ExitsCancelled_AndWritesNoModel()
    {
        string model = _folder.File("model.zip");
        using var cancellation = new CancellationTokenSource();
        int epochsSeen = 0;
        var stderr = new LineWatchingWriter(line =>
        {
            if (line.StartsWith("epoch ", StringComparison.Ordinal) && Interlocked.Increment(ref epochsSeen) == 1)
                cancellation.Cancel();
        });
        var result = Tool.Run(cancellation.Token, stderr, false,
            "train", TestData.PathOf("breast_cancer"), "--label", "Label", "--task", "binary", "--epochs", "500", "--out", model);

        Assert.Equal(130, result.ExitCode);
        Assert.Equal(1, epochsSeen); // Stopped within the next epoch.
        Assert.Equal("mlnetneural train: cancelled; nothing was written", result.StderrLines[^1]);
        Assert.False(File.Exists(model));
        Assert.Empty(_folder.LeftoverTempFiles());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Train_Cancelled_LeavesAnExistingModelUntouched()
    {
        string model = _folder.File("model.zip");
        Tool.Ok("train", TestData.PathOf("iris"), "--label", "Label", "--task", "multiclass", "--hidden", "4", "--epochs", "2", "--out", model, "--quiet");
        var before = File.ReadAllBytes(model);

        using var cancellation = new CancellationTokenSource();
        var stderr = new LineWatchingWriter(line =>
        {
            if (line.StartsWith("epoch 1/", StringComparison.Ordinal))
                cancellation.Cancel();
        });
        var result = Tool.Run(cancellation.Token, stderr, false,
            "train", TestData.PathOf("iris"), "--label", "Label", "--task", "multiclass", "--epochs", "500", "--out", model);

        Assert.Equal(130, result.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(model));
        Assert.Empty(_folder.LeftoverTempFiles());
    }

    [Fact]
    public void Cv_CancelledAfterTheFirstFit_ExitsCancelled_AndWritesNothing()
    {
        string picture = _folder.File("cv.png"), model = _folder.File("refit.zip");
        using var cancellation = new CancellationTokenSource();
        var stderr = new LineWatchingWriter(line =>
        {
            if (line.StartsWith("fit ", StringComparison.Ordinal))
                cancellation.Cancel();
        });
        var result = Tool.Run(cancellation.Token, stderr, false,
            "cv", TestData.PathOf("breast_cancer"), "--label", "Label", "--task", "binary", "--l2", "1e-4,1e-3,1e-2,1e-1", "--folds", "3",
            "--hidden", "8", "--epochs", "40", "--plot", picture, "--out", model);

        Assert.Equal(130, result.ExitCode);
        Assert.False(File.Exists(picture));
        Assert.False(File.Exists(model));
        Assert.Empty(_folder.LeftoverTempFiles());
    }

    [Fact]
    public void AlreadyCancelled_TrainsNothing()
    {
        string model = _folder.File("model.zip");
        var result = Tool.Run(new CancellationToken(canceled: true), null, false,
            "train", TestData.PathOf("iris"), "--label", "Label", "--task", "multiclass", "--out", model);
        Assert.Equal(130, result.ExitCode);
        Assert.DoesNotContain(result.StderrLines, l => l.StartsWith("epoch ", StringComparison.Ordinal));
        Assert.False(File.Exists(model));
    }
}
