using System.Diagnostics;
using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Search.Tests.Support;

namespace MlNetNeural.Search.Tests.Search;

/// <summary>A search stops on its token or on <c>MLContext.CancelExecution</c>.</summary>
public sealed class CancellationTests
{
    private static readonly RegularizationGrid Grid = RegularizationGrid.Over(RegularizationParameter.L2Regularization, 1e-4, 1e-3, 1e-2, 1e-1);

    [Fact]
    public void TokenCancelledAfterTheFirstFit_StopsTheSearch()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "moons_200");
        using var cancellation = new CancellationTokenSource();
        int completed = 0;
        var progress = new SynchronousProgress<SearchProgress>(_ =>
        {
            Interlocked.Increment(ref completed);
            cancellation.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => RegularizationSearch.Run(ml, data, null,
            s => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 3 })),
            Grid, SearchMetrics.BinaryAccuracy, new RegularizationSearchOptions { NumberOfFolds = 5 }, progress, cancellation.Token));
        Assert.InRange(completed, 1, 2); // at most the fit running beside the first one on the other core
    }

    [Fact]
    public void TokenCancelledDuringALongFit_StopsWithinAnEpoch()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "moons_200");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => RegularizationSearch.Run(ml, data, null,
            s => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [16], NumberOfEpochs = 1_000_000, Patience = 0 })),
            Grid, SearchMetrics.BinaryAccuracy, cancellationToken: cancellation.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Cancellation took {clock.Elapsed}.");
    }

    [Fact]
    public void MlContextCancelExecution_StopsTheSearch()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.Binary(ml, "moons_200");
        int fits = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => RegularizationSearch.Run(ml, data, null,
            s =>
            {
                if (Interlocked.Increment(ref fits) == 2)
                    CancelExecution(ml);
                return ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 3 }));
            },
            Grid, SearchMetrics.BinaryAccuracy, new RegularizationSearchOptions { MaxDegreeOfParallelism = 1 }));
        Assert.InRange(fits, 2, 3);
    }

    /// <summary><c>MLContext.CancelExecution</c> is internal in ML.NET 5.0.1.</summary>
    private static void CancelExecution(MLContext ml)
        => typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!
            .Invoke(ml, null);
}
