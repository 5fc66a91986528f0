using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;

namespace MlNetNeural.Tests.Mlp;

/// <summary>
/// Label smoothing: on separable data the smoothed model's probabilities stop short of certainty (the smoothed
/// targets' 1 − ε/2) while the plain model's do not, and the validation loss it records is the plain log-loss of the
/// validation rows, not the smoothed one.
/// </summary>
public sealed class MlpLabelSmoothingTests
{
    [Fact]
    public void Smoothing_caps_confidence_and_the_validation_loss_stays_the_plain_log_loss()
    {
        var ml = new MLContext(seed: 1);
        var train = Separable(ml, 400, seed: 1);
        var validation = Separable(ml, 200, seed: 2);
        BinaryPredictionTransformer<MlpBinaryModelParameters> Fit(float epsilon) => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options
        {
            HiddenLayers = [16], NumberOfEpochs = 40, LearningRate = 0.01f, LabelSmoothing = epsilon, Seed = 1,
        }).Fit(train, validation);

        var plain = Fit(0);
        var smoothed = Fit(0.2f);
        Assert.True(MeanTrueClassProbability(ml, plain, train) > 0.95, "the plain model should become confident on separable data");
        Assert.InRange(MeanTrueClassProbability(ml, smoothed, train), 0.75, 0.9 + 0.02); // the smoothed target is 1 − 0.2/2 = 0.9

        var history = smoothed.Model.History;
        double recorded = history.Epochs[history.BestEpoch].ValidationLoss;
        Assert.Equal(LogLoss(ml, smoothed, validation), recorded, 1e-4);
    }

    private static double MeanTrueClassProbability(MLContext ml, ITransformer model, IDataView data) =>
        Scored(ml, model, data).Average(p => p.Label ? p.Probability : 1 - p.Probability);

    private static double LogLoss(MLContext ml, ITransformer model, IDataView data) =>
        Scored(ml, model, data).Average(p => -Math.Log(p.Label ? p.Probability : 1 - p.Probability));

    private static List<Scoring> Scored(MLContext ml, ITransformer model, IDataView data) =>
        ml.Data.CreateEnumerable<Scoring>(model.Transform(data), reuseRowObject: false).ToList();

    private static IDataView Separable(MLContext ml, int rows, int seed)
    {
        var random = new Random(seed);
        var list = Enumerable.Range(0, rows).Select(_ =>
        {
            float x = (float)(random.NextDouble() * 4 - 2), y = (float)(random.NextDouble() * 4 - 2);
            return new Point { Features = [x, y], Label = x + y > 0 };
        }).Where(p => Math.Abs(p.Features[0] + p.Features[1]) > 0.3f).ToList();
        return ml.Data.LoadFromEnumerable(list);
    }

    private sealed class Point
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class Scoring
    {
        public bool Label { get; set; }

        public float Probability { get; set; }
    }
}
