using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Mlp;

/// <summary>The public way to cancel training: the options' CancellationToken.</summary>
public sealed class MlpCancellationTests
{
    [Fact]
    public void A_cancelled_token_stops_MLP_training_within_the_epoch()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_1000");
        using var source = new CancellationTokenSource();
        int epochsSeen = 0;
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            NumberOfEpochs = 1000,
            Patience = 0,
            CancellationToken = source.Token,
            EpochCallback = _ =>
            {
                if (++epochsSeen == 2)
                    source.Cancel();
                return true;
            },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => ml.BinaryClassification.Trainers.Mlp(options).Fit(data));
        Assert.Equal(2, epochsSeen);
    }

    [Fact]
    public void A_cancelled_token_stops_the_perceptron()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_1000");
        var options = new PerceptronBinaryTrainer.Options { CancellationToken = new CancellationToken(canceled: true) };
        Assert.ThrowsAny<OperationCanceledException>(() => ml.BinaryClassification.Trainers.Perceptron(options).Fit(data));
    }
}
