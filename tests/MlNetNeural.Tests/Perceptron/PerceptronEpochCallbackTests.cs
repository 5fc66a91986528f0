using Microsoft.ML;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Perceptron;

/// <summary>The perceptron's per-epoch callback: what it reports, and stopping through it.</summary>
public sealed class PerceptronEpochCallbackTests
{
    [Fact]
    public void Every_epoch_is_reported_with_the_counts_the_model_keeps()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var records = new List<PerceptronEpochRecord>();
        var options = new PerceptronBinaryTrainer.Options { NumberOfEpochs = 5, Seed = 3, EpochCallback = r => { records.Add(r); return true; } };
        var model = ml.BinaryClassification.Trainers.Perceptron(options).Fit(data).Model;

        Assert.Equal([0, 1, 2, 3, 4], records.Select(r => r.Epoch));
        Assert.Equal(model.MisclassificationsPerEpoch, records.Select(r => r.Misclassifications));
        Assert.All(records, r => Assert.Equal(569, r.Examples));
        Assert.All(records, r => Assert.True(r.Seconds >= 0));
    }

    [Fact]
    public void Returning_false_stops_after_that_epoch_and_the_model_equals_a_shorter_run()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Multiclass(ml, "iris");
        var stopped = ml.MulticlassClassification.Trainers.Perceptron(new PerceptronMulticlassTrainer.Options
        {
            NumberOfEpochs = 10, Seed = 5, EpochCallback = r => r.Epoch < 2,
        }).Fit(data);
        var shorter = ml.MulticlassClassification.Trainers.Perceptron(new PerceptronMulticlassTrainer.Options { NumberOfEpochs = 3, Seed = 5 }).Fit(data);

        Assert.Equal(3, stopped.Model.MisclassificationsPerEpoch.Count);
        Assert.Equal(shorter.Model.MisclassificationsPerEpoch, stopped.Model.MisclassificationsPerEpoch);
        Assert.Equal(Scores.Bits(Scores.Read(shorter.Transform(data))), Scores.Bits(Scores.Read(stopped.Transform(data))));
    }
}
