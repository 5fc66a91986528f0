using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Perceptron;

/// <summary>
/// The textbook's story of the perceptron: Rosenblatt's rule learns any linearly separable
/// function (AND, OR) in finitely many mistakes and then stops changing, and it can never learn
/// XOR. Plus one update worked by hand, example weights, and the multiclass perceptron.
/// </summary>
public sealed class PerceptronTextbookTests
{
    private static readonly float[][] Corners = [[0, 0], [0, 1], [1, 0], [1, 1]];

    private static PerceptronBinaryTrainer.Options Rosenblatt(int epochs, bool shuffle = false, float learningRate = 1f) => new()
    {
        Averaged = false,
        Shuffle = shuffle,
        Seed = 1,
        NumberOfEpochs = epochs,
        LearningRate = learningRate,
    };

    [Theory]
    [InlineData("AND", false)]
    [InlineData("AND", true)]
    [InlineData("OR", false)]
    [InlineData("OR", true)]
    public void Converges_on_a_linearly_separable_gate_and_then_stops_making_mistakes(string gate, bool shuffle)
    {
        var labels = Corners.Select(x => gate == "AND" ? x[0] > 0 && x[1] > 0 : x[0] > 0 || x[1] > 0).ToArray();
        var ml = new MLContext(seed: 1);
        var data = Datasets.FromRows(ml, Corners, labels);
        var model = ml.BinaryClassification.Trainers.Perceptron(Rosenblatt(epochs: 30, shuffle)).Fit(data);

        var curve = model.Model.MisclassificationsPerEpoch;
        Assert.Equal(30, curve.Count);
        Assert.True(curve[0] > 0, "zero initial weights predict 'false' everywhere, so the first epoch must make a mistake");
        int firstClean = curve.ToList().IndexOf(0);
        Assert.True(firstClean >= 0, $"{gate}: the error curve never reached 0: {string.Join(",", curve)}");
        Assert.All(curve.Skip(firstClean), errors => Assert.Equal(0, errors));

        // The last weights made no mistake in the final epoch, so they separate the gate.
        Assert.Equal(labels, PredictedLabels(model.Transform(data)));
        for (int i = 0; i < Corners.Length; i++)
            Assert.Equal(labels[i], Score(model.Model, Corners[i]) > 0);
    }

    [Fact]
    public void Never_separates_XOR()
    {
        bool[] xor = [false, true, true, false];
        var ml = new MLContext(seed: 1);
        var data = Datasets.FromRows(ml, Corners, xor);
        foreach (bool shuffle in new[] { false, true })
        {
            var model = ml.BinaryClassification.Trainers.Perceptron(Rosenblatt(epochs: 50, shuffle)).Fit(data);

            // An epoch without mistakes would mean the weights separate XOR, which no line can do.
            Assert.Equal(50, model.Model.MisclassificationsPerEpoch.Count);
            Assert.All(model.Model.MisclassificationsPerEpoch, errors => Assert.True(errors > 0));
            var predicted = PredictedLabels(model.Transform(data));
            Assert.Contains(predicted.Zip(xor), pair => pair.First != pair.Second);
        }
    }

    [Fact]
    public void One_epoch_of_Rosenblatts_rule_worked_by_hand()
    {
        // η = 0.5, w = (0, 0), b = 0 to start; the step function predicts 1 when w·x + b > 0.
        //
        // Example 1: x = (1, 2), y = 1.  w·x + b = 0, so ŷ = 0: a mistake.
        //   w ← w + η(y − ŷ)x = (0, 0) + 0.5·1·(1, 2) = (0.5, 1);   b ← b + η(y − ŷ) = 0.5
        // Example 2: x = (2, 1), y = 0.  w·x + b = 0.5·2 + 1·1 + 0.5 = 2.5 > 0, so ŷ = 1: a mistake.
        //   w ← (0.5, 1) + 0.5·(−1)·(2, 1) = (−0.5, 0.5);           b ← 0.5 − 0.5 = 0
        //
        // Two mistakes in the epoch; every number is exact in float32.
        var ml = new MLContext(seed: 1);
        var data = Datasets.FromRows(ml, [[1, 2], [2, 1]], [true, false]);
        var model = ml.BinaryClassification.Trainers.Perceptron(Rosenblatt(epochs: 1, learningRate: 0.5f)).Fit(data).Model;

        Assert.Equal(new[] { -0.5f, 0.5f }, model.Weights);
        Assert.Equal(0f, model.Bias);
        Assert.Equal(new[] { 2 }, model.MisclassificationsPerEpoch);
    }

    [Fact]
    public void Example_weight_scales_the_update()
    {
        // Same first example as the hand-worked epoch, but weighing 3: the step is η·3·(y − ŷ) = 1.5.
        //   w = (0, 0) + 1.5·(1, 2) = (1.5, 3);   b = 1.5
        // Example 2, x = (2, 1), y = 0, weighs 0: no update even though 1.5·2 + 3·1 + 1.5 > 0 is a mistake.
        var ml = new MLContext(seed: 1);
        var data = Weighted(ml, [([1, 2], true, 3f), ([2, 1], false, 0f)]);
        var options = Rosenblatt(epochs: 1, learningRate: 0.5f);
        options.ExampleWeightColumnName = nameof(WeightedRow.Weight);
        var model = ml.BinaryClassification.Trainers.Perceptron(options).Fit(data).Model;

        Assert.Equal(new[] { 1.5f, 3f }, model.Weights);
        Assert.Equal(1.5f, model.Bias);
        Assert.Equal(new[] { 1 }, model.MisclassificationsPerEpoch);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_row_of_weight_zero_has_no_influence(bool averaged)
    {
        var random = new Random(11);
        var rows = Enumerable.Range(0, 40).Select(_ =>
        {
            float[] x = [(float)(random.NextDouble() * 2 - 1), (float)(random.NextDouble() * 2 - 1)];
            return (x, label: x[0] + 0.5f * x[1] > 0.1f, weight: 0.5f + (float)random.NextDouble());
        }).ToList();
        // A misclassified-looking outlier at position 3: were it counted, it would move the weights at once.
        var withOutlier = rows.ToList();
        withOutlier.Insert(3, ([5f, 5f], false, 0f));

        var ml = new MLContext(seed: 1);
        var options = Rosenblatt(epochs: 5);
        options.Averaged = averaged;
        options.ExampleWeightColumnName = nameof(WeightedRow.Weight);
        var without = ml.BinaryClassification.Trainers.Perceptron(options).Fit(Weighted(ml, rows)).Model;
        var with = ml.BinaryClassification.Trainers.Perceptron(options).Fit(Weighted(ml, withOutlier)).Model;

        Assert.Equal(Scores.Bits([.. without.Weights]), Scores.Bits([.. with.Weights]));
        Assert.Equal(BitConverter.SingleToInt32Bits(without.Bias), BitConverter.SingleToInt32Bits(with.Bias));
        Assert.Equal(without.MisclassificationsPerEpoch, with.MisclassificationsPerEpoch);

        // The same outlier with weight 1 does change the model, so the comparison above can fail.
        withOutlier[3] = ([5f, 5f], false, 1f);
        var counted = ml.BinaryClassification.Trainers.Perceptron(options).Fit(Weighted(ml, withOutlier)).Model;
        Assert.NotEqual(Scores.Bits([.. without.Weights]), Scores.Bits([.. counted.Weights]));
    }

    [Fact]
    public void Multiclass_perceptron_separates_three_separable_classes()
    {
        // Three clusters around (3, 0), (0, 3) and (−3, −3): one line per pair separates them.
        var random = new Random(5);
        (float x, float y, string label)[] centres = [(3, 0, "east"), (0, 3, "north"), (-3, -3, "southwest")];
        var rows = Enumerable.Range(0, 60).Select(i =>
        {
            var c = centres[i % 3];
            return new MulticlassRow
            {
                Features = [c.x + (float)(random.NextDouble() - 0.5), c.y + (float)(random.NextDouble() - 0.5)],
                Label = c.label,
            };
        }).ToList();

        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(MulticlassRow));
        schema[nameof(MulticlassRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        var raw = ml.Data.LoadFromEnumerable(rows, schema);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);
        var trainer = ml.MulticlassClassification.Trainers.Perceptron(new PerceptronMulticlassTrainer.Options
        {
            Averaged = false,
            Shuffle = true,
            Seed = 3,
            NumberOfEpochs = 20,
        });
        var transformer = trainer.Fit(data);
        var model = transformer.Model;

        Assert.Equal(3, model.ClassCount);
        Assert.Equal(2, model.FeatureCount);
        Assert.Equal(3 * 2, model.Weights.Count);
        Assert.Equal(3, model.Biases.Count);

        var curve = model.MisclassificationsPerEpoch;
        int firstClean = curve.ToList().IndexOf(0);
        Assert.True(firstClean > 0, $"error curve: {string.Join(",", curve)}");
        Assert.All(curve.Skip(firstClean), errors => Assert.Equal(0, errors));

        var scored = transformer.Transform(data);
        var truth = scored.GetColumn<uint>("Label").ToArray();
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        Assert.Equal(truth, predicted);
    }

    private static float Score(PerceptronBinaryModelParameters model, float[] x) =>
        model.Weights.Zip(x, (w, v) => w * v).Sum() + model.Bias;

    private static bool[] PredictedLabels(IDataView scored) => scored.GetColumn<bool>("PredictedLabel").ToArray();

    private static IDataView Weighted(MLContext ml, IEnumerable<(float[] x, bool label, float weight)> rows)
    {
        var list = rows.Select(r => new WeightedRow { Features = r.x, Label = r.label, Weight = r.weight }).ToList();
        var schema = SchemaDefinition.Create(typeof(WeightedRow));
        schema[nameof(WeightedRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, list[0].Features.Length);
        return ml.Data.LoadFromEnumerable(list, schema);
    }

    private sealed class WeightedRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }
    }

    private sealed class MulticlassRow
    {
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }
}
