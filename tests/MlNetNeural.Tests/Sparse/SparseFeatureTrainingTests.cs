using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Perceptron;

namespace MlNetNeural.Tests.Sparse;

/// <summary>
/// Sparse features through ML.NET pipelines: the sparse path's exact mode (and lazy mode under plain SGD) trains the
/// dense path's model bit for bit, sparse rows score as their dense form, rows whose dense form would not fit one
/// array train, and bad sparse input is refused naming the column.
/// </summary>
public sealed class SparseFeatureTrainingTests
{
    private const int Slots = 2000;

    internal const int SlotCount = Slots;

    [Theory]
    [InlineData(SparseUpdates.Exact, OptimizerKind.Adam, 1e-3f, 0.2f)]
    [InlineData(SparseUpdates.Exact, OptimizerKind.Momentum, 0f, 0f)]
    public void Sparse_training_equals_dense_training_bit_for_bit(SparseUpdates updates, OptimizerKind optimizer, float l2, float dropout)
    {
        var ml = new MLContext(seed: 1);
        var data = TextLike(ml, rows: 400, seed: 2);
        float[] dense = Weights(Train(ml, data, FeatureStorage.Dense, updates, optimizer, l2, dropout, earlyStopping: true));
        float[] sparse = Weights(Train(ml, data, FeatureStorage.Sparse, updates, optimizer, l2, dropout, earlyStopping: true));
        Assert.Equal(dense, sparse);
    }

    [Fact]
    public void Lazy_plain_sgd_equals_dense_training_up_to_the_order_of_summation()
    {
        // Plain SGD: a column absent from a batch gets no update in either rule, so the models are the same but for
        // float rounding (a lazy fit holds the first layer's rows most frequent first, and sums a row in that order).
        var ml = new MLContext(seed: 1);
        var data = TextLike(ml, rows: 400, seed: 2);
        float[] dense = Weights(Train(ml, data, FeatureStorage.Dense, SparseUpdates.Exact, OptimizerKind.Sgd, 0, 0, earlyStopping: true));
        float[] lazy = Weights(Train(ml, data, FeatureStorage.Sparse, SparseUpdates.Lazy, OptimizerKind.Sgd, 0, 0, earlyStopping: true));
        Assert.Equal(dense.Length, lazy.Length);
        float scale = dense.Max(MathF.Abs);
        for (int i = 0; i < dense.Length; i++)
            Assert.True(MathF.Abs(dense[i] - lazy[i]) <= 1e-5f * scale, $"weight {i}: dense {dense[i]}, lazy {lazy[i]}");
        Assert.NotEqual(dense, lazy); // not trivially: the summation order did change
    }

    [Fact]
    public void Lazy_adam_learns_the_text_like_task_and_auto_storage_picks_sparse()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(TextLike(ml, rows: 1500, seed: 3), testFraction: 0.3, seed: 1);
        var lazy = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [16], NumberOfEpochs = 15, Seed = 1 }).Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(lazy.Transform(split.TestSet));
        Assert.True(metrics.Accuracy > 0.85, $"accuracy {metrics.Accuracy}");

        // Auto keeps these rows sparse (0.5 % dense): the lazy model differs from the exact one.
        var exact = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [16], NumberOfEpochs = 15, Seed = 1, SparseUpdates = SparseUpdates.Exact,
        }).Fit(split.TrainSet);
        Assert.NotEqual(Weights(lazy), Weights(exact));
    }

    [Fact]
    public void Unset_epochs_run_the_sparse_step_budget_on_sparse_rows_and_the_dense_count_on_dense_rows()
    {
        var ml = new MLContext(seed: 1);
        var data = TextLike(ml, rows: 6000, seed: 5);
        int EpochsRun(FeatureStorage storage, int? epochs, bool earlyStopping = true) => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options
        {
            HiddenLayers = [4], Seed = 1, FeatureStorage = storage, NumberOfEpochs = epochs, EarlyStopping = earlyStopping,
        }).Fit(data).Model.History.Epochs.Count;

        int Budget(int trainingRows) => (int)Math.Ceiling((double)MlpOptionsBase.Defaults.SparseStepBudget / Math.Ceiling(trainingRows / (double)MlpOptionsBase.Defaults.BatchSize));
        Assert.Equal(Budget(5400), EpochsRun(FeatureStorage.Sparse, null)); // after the 10 % holdout: 43 steps an epoch
        Assert.Equal(Budget(6000), EpochsRun(FeatureStorage.Sparse, null, earlyStopping: false)); // every row: 47
        Assert.Equal(MlpOptionsBase.Defaults.NumberOfEpochs, EpochsRun(FeatureStorage.Dense, null));
        Assert.Equal(2, EpochsRun(FeatureStorage.Sparse, 2));
    }

    [Fact]
    public void Unset_layers_and_rate_follow_the_feature_storage_and_set_ones_are_kept()
    {
        var ml = new MLContext(seed: 1);
        var data = TextLike(ml, rows: 600, seed: 5);
        MlpBinaryModelParameters Fit(FeatureStorage storage, int[]? layers = null, float? rate = null) =>
            ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options
            {
                Seed = 1, FeatureStorage = storage, NumberOfEpochs = 2, HiddenLayers = layers, LearningRate = rate,
            }).Fit(data).Model;

        var sparse = Fit(FeatureStorage.Sparse);
        Assert.Equal(MlpOptionsBase.Defaults.SparseHiddenLayers, sparse.HiddenLayerSizes);
        Assert.Equal(MlpOptionsBase.Defaults.SparseLearningRate, sparse.History.Epochs[0].LearningRate, 1e-7);

        var dense = Fit(FeatureStorage.Dense);
        Assert.Equal(MlpOptionsBase.Defaults.HiddenLayers, dense.HiddenLayerSizes);
        Assert.Equal(MlpOptionsBase.Defaults.LearningRate, dense.History.Epochs[0].LearningRate, 1e-7);

        var chosen = Fit(FeatureStorage.Sparse, layers: [7], rate: 0.01f);
        Assert.Equal([7], chosen.HiddenLayerSizes);
        Assert.Equal(0.01, chosen.History.Epochs[0].LearningRate, 1e-7);

        // Continued training with HiddenLayers unset takes the model's layers, whatever the storage.
        var continued = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { Seed = 1, FeatureStorage = FeatureStorage.Dense, NumberOfEpochs = 1 })
            .Fit(data, null, chosen);
        Assert.Equal([7], continued.Model.HiddenLayerSizes);
    }

    [Fact]
    public void Sparse_rows_score_as_their_dense_form_through_prediction_engine_and_transform()
    {
        var ml = new MLContext(seed: 1);
        var data = TextLike(ml, rows: 300, seed: 4);
        var model = Train(ml, data, FeatureStorage.Auto, SparseUpdates.Lazy, OptimizerKind.Adam, 1e-4f, 0, earlyStopping: false);
        var rows = ml.Data.CreateEnumerable<TextRow>(data, reuseRowObject: false).Take(40).ToList();
        var engine = ml.Model.CreatePredictionEngine<TextRow, Prediction>(model);
        foreach (var row in rows)
        {
            var denseRow = new TextRow { Label = row.Label, Features = new VBuffer<float>(Slots, row.Features.DenseValues().ToArray()) };
            Assert.Equal(engine.Predict(denseRow).Score, engine.Predict(row).Score);
        }

        var scored = model.Transform(data).GetColumn<float>("Score").Take(40).ToArray();
        Assert.Equal(rows.Select(r => engine.Predict(r).Score).ToArray(), scored);
    }

    [Fact]
    public void Rows_whose_dense_form_exceeds_two_to_the_31_floats_train()
    {
        // 2,200 rows × 1,000,000 slots = 2.2·10⁹ floats densely (more than any .NET array holds); 6 non-zeros a row.
        const int slots = 1_000_000, rows = 2200;
        var ml = new MLContext(seed: 1);
        var random = new Random(5);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(r =>
        {
            bool label = r % 2 == 0;
            var indices = Enumerable.Range(0, 6).Select(_ => random.Next(slots)).Append(label ? 7 : 11).Distinct().Order().ToArray();
            return new WideRow { Label = label, Features = new VBuffer<float>(slots, indices.Length, Enumerable.Repeat(1f, indices.Length).ToArray(), indices) };
        }).ToList());
        var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 3, Seed = 1 }).Fit(data);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));
        Assert.Equal(1.0, metrics.Accuracy, 2);
    }

    [Fact]
    public void Nan_in_a_sparse_value_is_refused_naming_column_row_and_slot()
    {
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.CreateEnumerable<TextRow>(TextLike(ml, rows: 50, seed: 6), reuseRowObject: false).ToList();
        rows[17] = new TextRow { Label = true, Features = new VBuffer<float>(Slots, 2, [1f, float.NaN], [3, 1234]) };
        var data = ml.Data.LoadFromEnumerable(rows);
        var error = Assert.Throws<InvalidOperationException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            NumberOfEpochs = 1, InvalidRows = InvalidRowHandling.Throw,
        }).Fit(data));
        Assert.Contains("Row 17", error.Message);
        Assert.Contains("'Features'", error.Message);
        Assert.Contains("slot 1234", error.Message);
    }

    [Theory]
    [InlineData(new[] { 9, 4 }, "after 9")]
    [InlineData(new[] { 3, 2000 }, "outside its 2000 slots")]
    public void Malformed_sparse_indices_are_refused_naming_row_and_column(int[] indices, string expected)
    {
        var ml = new MLContext(seed: 1);
        var rows = ml.Data.CreateEnumerable<TextRow>(TextLike(ml, rows: 30, seed: 8), reuseRowObject: false).ToList();
        rows[5] = new TextRow { Label = true, Features = new VBuffer<float>(Slots, 2, [1f, 1f], indices) };
        var data = ml.Data.LoadFromEnumerable(rows);
        var error = Assert.Throws<InvalidOperationException>(() =>
            ml.BinaryClassification.Trainers.Perceptron(new PerceptronBinaryTrainer.Options { NumberOfEpochs = 1 }).Fit(data));
        Assert.Contains("Row 5", error.Message);
        Assert.Contains("'Features'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Sparse_perceptrons_predict_as_on_dense_storage()
    {
        var ml = new MLContext(seed: 1);
        var data = TextLike(ml, rows: 500, seed: 7);
        foreach (bool averaged in new[] { false, true })
        {
            PerceptronBinaryModelParameters Fit(FeatureStorage storage) => ml.BinaryClassification.Trainers.Perceptron(new PerceptronBinaryTrainer.Options
            {
                NumberOfEpochs = 3, Averaged = averaged, Seed = 1, FeatureStorage = storage,
            }).Fit(data).Model;
            var dense = Fit(FeatureStorage.Dense);
            var sparse = Fit(FeatureStorage.Sparse);
            Assert.Equal(dense.MisclassificationsPerEpoch, sparse.MisclassificationsPerEpoch);
            AssertClose(dense.Weights, sparse.Weights, $"averaged={averaged}, weight");
        }
    }

    [Fact]
    public void A_lazy_sparse_fit_returns_its_best_epochs_weights_bit_for_bit()
    {
        // The best epoch's first layer is kept copy-on-write. At a constant rate the first b + 1 epochs of a longer run
        // are those of a run of b + 1 epochs, so a run stopped at its best epoch b must give the longer run's weights.
        var ml = new MLContext(seed: 1);
        var data = TextLike(ml, rows: 800, seed: 6);
        MlpBinaryModelParameters Fit(int epochs) => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options
        {
            HiddenLayers = [16], NumberOfEpochs = epochs, LearningRateSchedule = Neural.Schedules.LearningRateScheduleKind.Constant,
            LearningRate = 0.02f, BatchSize = 32, Seed = 4, FeatureStorage = FeatureStorage.Sparse,
        }).Fit(data).Model;

        var longer = Fit(12);
        int best = longer.History.BestEpoch;
        Assert.InRange(best, 1, 10); // over-fits: the best epoch is neither the first nor the last
        var stopped = Fit(best + 1);
        Assert.Equal(best, stopped.History.BestEpoch);
        Assert.Equal(Weights(stopped), Weights(longer));
    }

    [Fact]
    public void Sparse_multiclass_perceptrons_learn_as_on_dense_storage()
    {
        // The sparse path holds the weights slot-major and transposes them at the end; the dense path class-major.
        var ml = new MLContext(seed: 1);
        var random = new Random(9);
        var rows = Enumerable.Range(0, 600).Select(_ =>
        {
            int label = random.Next(3);
            var tokens = new SortedDictionary<int, float>();
            for (int t = 0; t < 10; t++)
                tokens[(int)Math.Min(Slots - 1, Math.Floor(Math.Pow(Slots, random.NextDouble())))] = 1;
            tokens[1400 + (200 * label) + random.Next(20)] = 1;
            return new ClassRow { Label = "abc"[label].ToString(), Features = new VBuffer<float>(Slots, tokens.Count, tokens.Values.ToArray(), tokens.Keys.ToArray()) };
        }).ToList();
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        foreach (bool averaged in new[] { false, true })
        {
            PerceptronMulticlassModelParameters Fit(FeatureStorage storage) => ml.MulticlassClassification.Trainers.Perceptron(new PerceptronMulticlassTrainer.Options
            {
                NumberOfEpochs = 3, Averaged = averaged, Seed = 1, FeatureStorage = storage,
            }).Fit(data).Model;
            var dense = Fit(FeatureStorage.Dense);
            var sparse = Fit(FeatureStorage.Sparse);
            Assert.Equal(dense.MisclassificationsPerEpoch, sparse.MisclassificationsPerEpoch);
            Assert.True(sparse.MisclassificationsPerEpoch[^1] < 60, $"last epoch's mistakes {sparse.MisclassificationsPerEpoch[^1]}");
            AssertClose(dense.Weights.Concat(dense.Biases).ToArray(), sparse.Weights.Concat(sparse.Biases).ToArray(), $"averaged={averaged}, parameter");
        }
    }

    // The dense and sparse paths sum a row's terms in different orders: equal to float rounding.
    private static void AssertClose(IReadOnlyList<float> expected, IReadOnlyList<float> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * Math.Max(1, Math.Abs(expected[i])), $"{what} {i}: {expected[i]} vs {actual[i]}");
    }

    private sealed class ClassRow
    {
        public string Label { get; set; } = "";

        [VectorType(Slots)]
        public VBuffer<float> Features { get; set; }
    }

    private static BinaryPredictionTransformer<MlpBinaryModelParameters> Train(MLContext ml, IDataView data, FeatureStorage storage, SparseUpdates updates,
        OptimizerKind optimizer, float l2, float dropout, bool earlyStopping) =>
        ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [12, 5], NumberOfEpochs = 6, BatchSize = 16, Optimizer = optimizer, LearningRate = 0.01f,
            L2Regularization = l2, DropoutRate = dropout, EarlyStopping = earlyStopping, Seed = 3,
            FeatureStorage = storage, SparseUpdates = updates,
        }).Fit(data);

    private static float[] Weights(BinaryPredictionTransformer<MlpBinaryModelParameters> model) => Weights(model.Model);

    private static float[] Weights(MlpBinaryModelParameters model) =>
        model.Network.Weights.SelectMany(w => w.ToArray()).Concat(model.Network.Biases.SelectMany(b => b.ToArray())).ToArray();

    // Bag-of-words-like rows: ~10 of 2,000 slots set, Zipf-ish, label carried by a few "spam" tokens.
    internal static IDataView TextLike(MLContext ml, int rows, int seed)
    {
        var random = new Random(seed);
        var list = new List<TextRow>();
        for (int r = 0; r < rows; r++)
        {
            bool label = random.Next(2) == 0;
            var tokens = new SortedDictionary<int, float>();
            for (int t = 0; t < 10; t++)
            {
                int token = (int)Math.Min(Slots - 1, Math.Floor(Math.Pow(Slots, random.NextDouble())));
                tokens[token] = tokens.GetValueOrDefault(token) + 1;
            }
            if (label || random.NextDouble() < 0.05)
                tokens[1500 + random.Next(20)] = 1;
            list.Add(new TextRow { Label = label, Features = new VBuffer<float>(Slots, tokens.Count, tokens.Values.ToArray(), tokens.Keys.ToArray()) });
        }
        return ml.Data.LoadFromEnumerable(list);
    }

    internal sealed class TextRow
    {
        public bool Label { get; set; }

        [VectorType(Slots)]
        public VBuffer<float> Features { get; set; }
    }

    private sealed class WideRow
    {
        public bool Label { get; set; }

        [VectorType(1_000_000)]
        public VBuffer<float> Features { get; set; }
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }
}
