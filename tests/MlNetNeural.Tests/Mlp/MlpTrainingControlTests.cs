using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Mlp;

/// <summary>
/// How the MLP training loop is steered: early stopping on a validation set or a holdout,
/// scikit-learn's tolerance rule, the epoch callback, continued training, divergence, cancellation,
/// example and class weights, batch sizes, optimizers and schedules, regularization, the saved
/// history and the regression target's standardization. Every case trains a small net for a few
/// epochs, so the whole class stays fast.
/// </summary>
public sealed class MlpTrainingControlTests
{
    // ---------------------------------------------------------------- early stopping

    [Fact]
    public void Early_stopping_on_a_validation_set_stops_at_the_argmin_and_restores_its_weights()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = OverfittingSplit(ml);
        var restored = ml.BinaryClassification.Trainers.Mlp(OverfittingOptions(restoreBest: true)).Fit(train, validation);
        var history = restored.Model.History;

        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.True(history.Epochs.Count < 400, $"ran all {history.Epochs.Count} epochs");
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.ValidationLoss) && double.IsFinite(e.ValidationMetric)));
        var losses = history.ValidationLosses.ToList();
        Assert.Equal(losses.IndexOf(losses.Min()), history.BestEpoch);
        // Patience 3: the last improvement (by at least MinDelta) is at most 3 epochs before the end.
        Assert.True(history.Epochs.Count - 1 - history.BestEpoch >= 3);

        // The returned weights are the best epoch's: their validation loss is the recorded minimum.
        Assert.Equal(history.Epochs[history.BestEpoch].ValidationLoss, MeanBinaryCrossEntropy(restored, validation), 4);

        // Without restoring, the same run (same seed) keeps the last epoch's weights.
        var last = ml.BinaryClassification.Trainers.Mlp(OverfittingOptions(restoreBest: false)).Fit(train, validation);
        Assert.Equal(history.ValidationLosses, last.Model.History.ValidationLosses);
        Assert.Equal(last.Model.History.Epochs.Count - 1, last.Model.History.BestEpoch);
        double lastLoss = MeanBinaryCrossEntropy(last, validation);
        Assert.Equal(history.Epochs[^1].ValidationLoss, lastLoss, 4);
        Assert.True(lastLoss > history.Epochs[history.BestEpoch].ValidationLoss, "the last epoch should be worse than the best");
    }

    [Fact]
    public void Early_stopping_with_a_validation_fraction_holds_out_rows_and_stops()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "moons_200"));
        var options = OverfittingOptions(restoreBest: true);
        options.EarlyStopping = true;
        options.ValidationFraction = 0.25f;
        var model = ml.BinaryClassification.Trainers.Mlp(options).Fit(data);
        var history = model.Model.History;

        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.True(history.Epochs.Count < options.NumberOfEpochs);
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.ValidationLoss)));
        var losses = history.ValidationLosses.ToList();
        Assert.Equal(losses.IndexOf(losses.Min()), history.BestEpoch);
    }

    [Fact]
    public void With_defaults_a_set_too_small_to_hold_a_row_out_trains_on_every_row_without_validation()
    {
        // XOR: 4 rows, and 10 % of 4 rounds to no row. The default (early stopping on) must still train.
        var ml = new MLContext(seed: 1);
        var data = Datasets.FromRows(ml, [[0, 0], [0, 1], [1, 0], [1, 1]], [false, true, true, false]);
        var options = new MlpBinaryTrainer.Options { NumberOfEpochs = 5, Seed = 1 };
        Assert.True(options.EarlyStopping);
        var history = ml.BinaryClassification.Trainers.Mlp(options).Fit(data).Model.History;
        Assert.Equal(5, history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.True(double.IsNaN(e.ValidationLoss) && double.IsFinite(e.TrainingLoss)));
    }

    [Fact]
    public void A_validation_fraction_that_leaves_no_row_to_train_on_is_rejected_naming_ValidationFraction()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.FromRows(ml, [[0, 0], [0, 1], [1, 0], [1, 1]], [false, true, true, false]);
        var options = new MlpBinaryTrainer.Options { NumberOfEpochs = 2, ValidationFraction = 0.9f, Seed = 1 };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Trainers.Mlp(options).Fit(data));
        Assert.Equal(nameof(options.ValidationFraction), error.ParamName);
        Assert.Contains("no rows to train on", error.Message);
    }

    [Fact]
    public void Without_validation_data_early_stopping_off_records_no_validation_values()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "moons_200"));
        var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 3, Seed = 1 }).Fit(data);
        Assert.Equal(3, model.Model.History.Epochs.Count);
        Assert.All(model.Model.History.Epochs, e => Assert.True(double.IsNaN(e.ValidationLoss) && double.IsNaN(e.ValidationMetric)));
    }

    [Fact]
    public void The_tolerance_rule_stops_when_the_training_loss_stops_improving_by_MinDelta()
    {
        // A MinDelta of 10 cannot be met by a cross-entropy below 1: epoch 0 is the only improvement
        // (on +∞), then Patience epochs without one end training.
        var ml = new MLContext(seed: 1);
        var data = Separable(ml);
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 50, Patience = 2, MinDelta = 10, Seed = 1 };
        var history = ml.BinaryClassification.Trainers.Mlp(options).Fit(data).Model.History;
        Assert.Equal(StopReason.TrainingLossConverged, history.StopReason);
        Assert.Equal(3, history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.True(double.IsNaN(e.ValidationLoss)));

        // A realistic tolerance: the loss on separable data flattens out long before 2,000 epochs.
        options = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 2000, LearningRate = 0.05f, Patience = 5, MinDelta = 1e-3f, Seed = 1 };
        history = ml.BinaryClassification.Trainers.Mlp(options).Fit(data).Model.History;
        Assert.Equal(StopReason.TrainingLossConverged, history.StopReason);
        Assert.True(history.Epochs.Count < 2000);
    }

    [Fact]
    public void Patience_zero_disables_the_tolerance_rule()
    {
        var ml = new MLContext(seed: 1);
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4], NumberOfEpochs = 12, Patience = 0, MinDelta = 10, Seed = 1 };
        var history = ml.BinaryClassification.Trainers.Mlp(options).Fit(Separable(ml)).Model.History;
        Assert.Equal(StopReason.EpochLimit, history.StopReason);
        Assert.Equal(Enumerable.Range(0, 12), history.Epochs.Select(e => e.Epoch));
    }

    // ---------------------------------------------------------------- callback, continuation, failures

    [Fact]
    public void An_epoch_callback_returning_false_stops_after_that_epoch()
    {
        var ml = new MLContext(seed: 1);
        var seen = new List<EpochRecord>();
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [4],
            NumberOfEpochs = 50,
            Seed = 1,
            EpochCallback = record =>
            {
                seen.Add(record);
                return record.Epoch < 3;
            },
        };
        var history = ml.BinaryClassification.Trainers.Mlp(options).Fit(Separable(ml)).Model.History;

        Assert.Equal(StopReason.Callback, history.StopReason);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal([0, 1, 2, 3], seen.Select(r => r.Epoch));
        Assert.Equal(history.Epochs, seen);
        Assert.All(seen, r => Assert.True(double.IsFinite(r.TrainingLoss) && r.TrainingLoss > 0 && r.LearningRate > 0 && r.Seconds >= 0));
    }

    [Fact]
    public void Continued_training_resumes_the_weights_and_the_epoch_count()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "moons_200"));
        MlpBinaryTrainer Trainer(int[] hidden) => ml.BinaryClassification.Trainers.Mlp(
            new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = hidden, NumberOfEpochs = 8, LearningRate = 0.01f, Patience = 0, Seed = 1 });

        var first = Trainer([8]).Fit(data);
        var continued = Trainer([8]).Fit(data, null!, first.Model);
        var before = first.Model.History.Epochs;
        var after = continued.Model.History.Epochs;

        Assert.Equal(Enumerable.Range(0, 16), after.Select(e => e.Epoch));
        Assert.Equal(before, after.Take(8));
        // Not a fresh start: the continuation begins where the first run ended, not where it began.
        double resumed = after[8].TrainingLoss;
        Assert.True(Math.Abs(resumed - before[^1].TrainingLoss) < Math.Abs(resumed - before[0].TrainingLoss),
            $"continuation starts at {resumed}, first run went {before[0].TrainingLoss} → {before[^1].TrainingLoss}");
        Assert.True(after[^1].TrainingLoss < before[^1].TrainingLoss);

        var mismatch = Assert.ThrowsAny<ArgumentException>(() => Trainer([9]).Fit(data, null!, first.Model));
        Assert.Contains("HiddenLayers", mismatch.Message);
        var deeper = Assert.ThrowsAny<ArgumentException>(() => Trainer([8, 8]).Fit(data, null!, first.Model));
        Assert.Contains("HiddenLayers", deeper.Message);
    }

    [Fact]
    public void A_huge_learning_rate_diverges_with_an_error_naming_LearningRate()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        var options = new MlpRegressionTrainer.Options(MlpPreset.Classic) { HiddenLayers = [16], Optimizer = OptimizerKind.Sgd, LearningRate = 1e6f, NumberOfEpochs = 20, Seed = 1 };
        var error = Assert.Throws<InvalidOperationException>(() => ml.Regression.Trainers.Mlp(options).Fit(data));
        Assert.Contains("LearningRate", error.Message);
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(30f)]
    [InlineData(1e3f)]
    [InlineData(1e5f)]
    [InlineData(1e7f)]
    [InlineData(1e20f)] // full batch: epoch 1's single step overflows after its loss was measured
    [InlineData(1e30f)]
    public void Any_learning_rate_either_diverges_cleanly_or_returns_finite_weights(float learningRate)
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        foreach (var (epochs, batchSize) in new[] { (1, 32), (2, 32), (5, 32), (1, 1000), (2, 1000), (5, 1000) })
        {
            var options = new MlpRegressionTrainer.Options(MlpPreset.Classic)
            {
                HiddenLayers = [16], Optimizer = OptimizerKind.Sgd, LearningRate = learningRate, NumberOfEpochs = epochs, BatchSize = batchSize,
                Patience = 0, Seed = 1,
            };
            try
            {
                var network = ml.Regression.Trainers.Mlp(options).Fit(data).Model.Network;
                Assert.All(network.Weights.Concat(network.Biases), w => Assert.True(w.Span.ToArray().All(float.IsFinite)));
            }
            catch (InvalidOperationException e)
            {
                Assert.Contains("LearningRate", e.Message);
            }
        }
    }

    [Fact]
    public void Cancelling_the_context_during_training_throws_OperationCanceledException()
    {
        var ml = new MLContext(seed: 1);
        int epochsSeen = 0;
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [4],
            NumberOfEpochs = 100,
            Patience = 0,
            Seed = 1,
            EpochCallback = record =>
            {
                epochsSeen++;
                if (record.Epoch == 2)
                    ml.CancelExecution();
                return true;
            },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => ml.BinaryClassification.Trainers.Mlp(options).Fit(Separable(ml)));
        Assert.Equal(3, epochsSeen);
    }

    // ---------------------------------------------------------------- weights

    [Fact]
    public void Rows_with_example_weight_zero_have_no_influence()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 60).Select(_ =>
        {
            float x = (float)(random.NextDouble() * 2 - 1), y = (float)(random.NextDouble() * 2 - 1);
            return new WeightedRow { Features = [x, y], Label = x + y > 0, Weight = 0.5f + (float)random.NextDouble() };
        }).ToList();
        var garbage = Enumerable.Range(0, 25).Select(_ => new WeightedRow
        {
            Features = [(float)(random.NextDouble() * 20 - 10), (float)(random.NextDouble() * 20 - 10)],
            Label = random.Next(2) == 0,
            Weight = 0,
        });
        var clean = ml.Data.LoadFromEnumerable(rows);
        var padded = ml.Data.LoadFromEnumerable(rows.Concat(garbage).ToList());

        // Shuffle off and one full batch, so the zero-weight rows change neither the order nor the batches.
        MlpBinaryTrainer Trainer() => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            ExampleWeightColumnName = "Weight", HiddenLayers = [6], NumberOfEpochs = 30, LearningRate = 0.02f,
            BatchSize = 1000, Shuffle = false, Patience = 0, Seed = 3,
        });
        var withoutGarbage = Trainer().Fit(clean);
        var withGarbage = Trainer().Fit(padded);

        Assert.Equal(Scores.Bits(Scores.Read(withoutGarbage.Transform(clean))), Scores.Bits(Scores.Read(withGarbage.Transform(clean))));
        Assert.Equal(withoutGarbage.Model.History.TrainingLosses, withGarbage.Model.History.TrainingLosses);

        // The weights do matter: all weights 1 gives a different model.
        var unweighted = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [6], NumberOfEpochs = 30, LearningRate = 0.02f, BatchSize = 1000, Shuffle = false, Patience = 0, Seed = 3,
        }).Fit(clean);
        Assert.NotEqual(Scores.Bits(Scores.Read(withoutGarbage.Transform(clean))), Scores.Bits(Scores.Read(unweighted.Transform(clean))));
    }

    [Theory]
    [InlineData(1f, 0f, false)]
    [InlineData(0f, 1f, true)]
    public void A_zero_class_weight_makes_the_other_class_win_everywhere(float negativeWeight, float positiveWeight, bool expected)
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "moons_200"));
        MlpBinaryTrainer.Options Options(float[]? classWeights) => new(MlpPreset.Classic)
        {
            HiddenLayers = [8], NumberOfEpochs = 20, LearningRate = 0.02f, ClassWeights = classWeights, Patience = 0, Seed = 1,
        };

        var balanced = Scores.Read(ml.BinaryClassification.Trainers.Mlp(Options(null)).Fit(data).Transform(data), "Probability");
        Assert.Contains(balanced, p => p > 0.5f);
        Assert.Contains(balanced, p => p < 0.5f);

        var scored = ml.BinaryClassification.Trainers.Mlp(Options([negativeWeight, positiveWeight])).Fit(data).Transform(data);
        Assert.All(scored.GetColumn<bool>("PredictedLabel"), label => Assert.Equal(expected, label));
    }

    [Fact]
    public void Class_weights_of_the_wrong_length_are_rejected_at_fit_naming_ClassWeights()
    {
        var ml = new MLContext(seed: 1);
        var trainer = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [2], NumberOfEpochs = 1, ClassWeights = [1, 2, 3] });
        var error = Assert.ThrowsAny<ArgumentException>(() => trainer.Fit(Separable(ml)));
        Assert.Contains("ClassWeights", error.Message);
    }

    // ---------------------------------------------------------------- batches, optimizers, schedules

    [Theory]
    [InlineData(1, 25, 0.005f)]
    [InlineData(16, 150, 0.01f)]
    [InlineData(200, 700, 0.03f)]
    public void Stochastic_mini_batch_and_full_batch_descent_all_fit_the_moons(int batchSize, int epochs, float learningRate)
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "moons_200"));
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [16, 16], BatchSize = batchSize, NumberOfEpochs = epochs, LearningRate = learningRate, Patience = 0, Seed = 1,
        };
        var model = ml.BinaryClassification.Trainers.Mlp(options).Fit(data);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));

        // A linear boundary gets ~0.86 on these moons (noise 0.2); a fitted MLP follows the curve.
        Assert.True(metrics.Accuracy >= 0.95, $"training accuracy {metrics.Accuracy:F3}");
        Assert.True(model.Model.History.Epochs[^1].TrainingLoss < 0.2, $"final training loss {model.Model.History.Epochs[^1].TrainingLoss:F4}");
    }

    [Fact]
    public void Full_batch_descent_takes_exactly_one_step_per_epoch()
    {
        // With one batch, epoch e's recorded loss is the loss of the weights after e steps (no
        // regularization here), so a run of N + 1 epochs records at epoch N the loss of the model a
        // run of N epochs returns. Two or more steps per epoch would break this equality.
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "moons_200"));
        MlpBinaryTrainer.Options Options(int epochs) => new(MlpPreset.Classic)
        {
            HiddenLayers = [8], HiddenActivation = Activation.Tanh, Optimizer = OptimizerKind.Sgd, LearningRate = 0.1f,
            BatchSize = 200, NumberOfEpochs = epochs, L2Regularization = 0, Patience = 0, Seed = 1,
        };
        var shorter = ml.BinaryClassification.Trainers.Mlp(Options(10)).Fit(data);
        var longer = ml.BinaryClassification.Trainers.Mlp(Options(11)).Fit(data).Model.History;

        Assert.Equal(shorter.Model.History.TrainingLosses, longer.TrainingLosses.Take(10));
        Assert.Equal(longer.Epochs[10].TrainingLoss, MeanBinaryCrossEntropy(shorter, data), 5);

        // Small-step gradient descent on a smooth loss only goes down.
        var curve = longer.TrainingLosses;
        for (int e = 1; e < curve.Count; e++)
            Assert.True(curve[e] < curve[e - 1], $"loss rose at epoch {e}: {curve[e - 1]} → {curve[e]}");
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.1f)]
    [InlineData(OptimizerKind.Momentum, 0.02f)]
    [InlineData(OptimizerKind.Nesterov, 0.02f)]
    [InlineData(OptimizerKind.RMSprop, 0.005f)]
    [InlineData(OptimizerKind.Adam, 0.005f)]
    [InlineData(OptimizerKind.AdamW, 0.005f)]
    public void Every_optimizer_trains_breast_cancer_end_to_end(OptimizerKind optimizer, float learningRate)
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "breast_cancer"));
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [16], Optimizer = optimizer, LearningRate = learningRate, NumberOfEpochs = 20, Patience = 0, Seed = 1,
        };
        var model = ml.BinaryClassification.Trainers.Mlp(options).Fit(data);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));

        // Logistic regression fits ~98% of this set; any working optimizer passes 95%.
        Assert.True(metrics.Accuracy >= 0.95, $"{optimizer}: training accuracy {metrics.Accuracy:F3}");
        var losses = model.Model.History.TrainingLosses;
        Assert.True(losses[^1] < losses[0] / 2, $"{optimizer}: loss {losses[0]:F4} → {losses[^1]:F4}");
        Assert.All(model.Model.History.Epochs, e => Assert.Equal(learningRate, e.LearningRate, 6));
    }

    [Theory]
    [InlineData(LearningRateScheduleKind.Constant)]
    [InlineData(LearningRateScheduleKind.Step)]
    [InlineData(LearningRateScheduleKind.Exponential)]
    [InlineData(LearningRateScheduleKind.InverseScaling)]
    [InlineData(LearningRateScheduleKind.Cosine)]
    [InlineData(LearningRateScheduleKind.ReduceOnPlateau)]
    public void Every_schedule_trains_and_the_history_records_its_rates(LearningRateScheduleKind schedule)
    {
        const double baseRate = 0.01;
        const int epochs = 20;
        var settings = new LearningRateScheduleSettings
        {
            StepSize = 4, StepGamma = 0.5, ExponentialGamma = 0.9, InverseScalingPower = 0.5, MinLearningRate = 1e-4,
            PlateauFactor = 0.5, PlateauPatience = 0, PlateauThreshold = 0.2,
        };
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "breast_cancer"));
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [16], LearningRate = (float)baseRate, LearningRateSchedule = schedule, LearningRateScheduleSettings = settings,
            NumberOfEpochs = epochs, Patience = 0, Seed = 1,
        };
        var model = ml.BinaryClassification.Trainers.Mlp(options).Fit(data);
        // 63% of the rows are benign; decaying schedules take fewer effective steps than a constant rate.
        double accuracy = ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy;
        Assert.True(accuracy >= 0.9, $"{schedule}: training accuracy {accuracy:F3}");
        var losses = model.Model.History.TrainingLosses;
        Assert.True(losses[^1] < losses[0] / 2, $"{schedule}: loss {losses[0]:F4} → {losses[^1]:F4}");

        var rates = model.Model.History.Epochs.Select(e => e.LearningRate).ToArray();
        Assert.Equal(epochs, rates.Length);
        double b = (float)baseRate;
        for (int e = 0; e < epochs; e++)
        {
            double? expected = schedule switch
            {
                LearningRateScheduleKind.Constant => b,
                LearningRateScheduleKind.Step => b * Math.Pow(0.5, e / 4), // halves every 4 epochs
                LearningRateScheduleKind.Exponential => b * Math.Pow(0.9, e),
                LearningRateScheduleKind.InverseScaling => b / Math.Sqrt(e + 1),
                LearningRateScheduleKind.Cosine => 1e-4 + (b - 1e-4) * (1 + Math.Cos(Math.PI * e / epochs)) / 2,
                _ => null,
            };
            if (expected is { } rate)
                Assert.Equal(rate, rates[e], rate * 1e-9);
        }

        if (schedule == LearningRateScheduleKind.ReduceOnPlateau)
        {
            // A 20% relative improvement per epoch cannot last: the rate must be halved at least once,
            // and every change is exactly one halving, never below the floor.
            Assert.Equal(b, rates[0]);
            Assert.Contains(rates, r => r < b);
            for (int e = 1; e < epochs; e++)
            {
                Assert.True(rates[e] == rates[e - 1] || Math.Abs(rates[e] - Math.Max(rates[e - 1] * 0.5, 1e-4)) < 1e-15,
                    $"epoch {e}: {rates[e - 1]} → {rates[e]}");
            }
        }
    }

    // ---------------------------------------------------------------- regularization and dropout

    [Fact]
    public void A_large_L2_penalty_shrinks_the_weights()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "breast_cancer"));
        double Norm(float l2) => SquaredWeightNorm(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [16], L2Regularization = l2, LearningRate = 0.01f, NumberOfEpochs = 20, Patience = 0, Seed = 1,
        }).Fit(data).Model.Network);

        double free = Norm(0), penalized = Norm(1);
        Assert.True(penalized < free / 2, $"Σw² with L2 = 1: {penalized:F3}, without: {free:F3}");
    }

    [Fact]
    public void A_large_L1_penalty_drives_many_weights_to_zero()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "breast_cancer"));
        double NearZeroFraction(float l1)
        {
            var network = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
            {
                HiddenLayers = [16], L1Regularization = l1, L2Regularization = 0, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05f,
                NumberOfEpochs = 40, Patience = 0, Seed = 1,
            }).Fit(data).Model.Network;
            var weights = network.Weights.SelectMany(w => w.ToArray()).ToArray();
            return weights.Count(w => Math.Abs(w) < 0.01f) / (double)weights.Length;
        }

        // SGD's L1 subgradient keeps an unneeded weight within about lr·L1 = 5e-4 of zero.
        double free = NearZeroFraction(0), sparse = NearZeroFraction(0.01f);
        Assert.True(sparse > 0.5, $"with L1: {sparse:P0} of weights near zero");
        Assert.True(sparse > free + 0.3, $"with L1 {sparse:P0}, without {free:P0}");
    }

    [Fact]
    public void Dropout_trains_and_changes_the_model()
    {
        var ml = new MLContext(seed: 1);
        var data = Normalized(ml, Datasets.Binary(ml, "breast_cancer"));
        ITransformer Train(float dropout) => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [32], DropoutRate = dropout, LearningRate = 0.01f, NumberOfEpochs = 20, Patience = 0, Seed = 1,
        }).Fit(data);

        var plain = Train(0);
        var dropped = Train(0.5f);
        Assert.True(ml.BinaryClassification.Evaluate(dropped.Transform(data)).Accuracy >= 0.95);
        Assert.NotEqual(Scores.Bits(Scores.Read(plain.Transform(data))), Scores.Bits(Scores.Read(dropped.Transform(data))));
        Assert.Equal(Scores.Bits(Scores.Read(dropped.Transform(data))), Scores.Bits(Scores.Read(Train(0.5f).Transform(data))));
    }

    // ---------------------------------------------------------------- persistence and regression

    [Fact]
    public void The_history_survives_save_and_load_exactly()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = OverfittingSplit(ml);
        var withValidation = ml.BinaryClassification.Trainers.Mlp(OverfittingOptions(restoreBest: true)).Fit(train, validation);
        var withoutValidation = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [4], NumberOfEpochs = 50, Patience = 2, MinDelta = 0.01f, Seed = 1,
        }).Fit(train);

        foreach (var model in new[] { withValidation, withoutValidation })
        {
            using var temp = new TempDirectory();
            string path = temp.File("model.zip");
            ml.Model.Save(model, train.Schema, path);
            var loaded = (BinaryPredictionTransformer<MlpBinaryModelParameters>)new MLContext(seed: 9).Model.Load(path, out _);
            TrainingHistory expected = model.Model.History, actual = loaded.Model.History;

            Assert.Equal(expected.Epochs, actual.Epochs); // record equality: every double bit-for-bit (NaN equals NaN)
            Assert.Equal(expected.BestEpoch, actual.BestEpoch);
            Assert.Equal(expected.StopReason, actual.StopReason);
        }
        Assert.Equal(StopReason.EarlyStopping, withValidation.Model.History.StopReason);
        Assert.Equal(StopReason.TrainingLossConverged, withoutValidation.Model.History.StopReason);
    }

    [Fact]
    public void Regression_standardizes_raw_targets_so_defaults_fit_diabetes()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        var model = ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options(MlpPreset.Classic)).Fit(data);

        var labels = data.GetColumn<float>("Label").Select(l => (double)l).ToArray();
        double mean = labels.Average();
        double std = Math.Sqrt(labels.Average(l => (l - mean) * (l - mean)));
        Assert.Equal(1, model.Model.TargetMean / mean, 3);
        Assert.Equal(1, model.Model.TargetScale / std, 3);

        var scored = model.Transform(data);
        double predictedMean = Scores.Read(scored).Average(s => (double)s);
        // Labels run 25–346 with a std of about 77: unstandardized, an Adam run at lr 1e-3 would
        // still be near 0 here.
        Assert.True(Math.Abs(predictedMean - mean) < 5, $"mean prediction {predictedMean:F1}, mean label {mean:F1}");
        double r2 = ml.Regression.Evaluate(scored).RSquared;
        Assert.True(r2 > 0.4, $"training R² {r2:F3}");
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Moons with 40 training rows and 160 validation rows: a wide net overfits the 40.</summary>
    private static (IDataView Train, IDataView Validation) OverfittingSplit(MLContext ml)
    {
        var data = Normalized(ml, Datasets.Binary(ml, "moons_200"));
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.8, seed: 2);
        return (ml.Data.Cache(split.TrainSet), ml.Data.Cache(split.TestSet));
    }

    private static MlpBinaryTrainer.Options OverfittingOptions(bool restoreBest) => new(MlpPreset.Classic)
    {
        HiddenLayers = [64, 64],
        LearningRate = 0.02f,
        NumberOfEpochs = 400,
        BatchSize = 8,
        L2Regularization = 0,
        Patience = 3,
        RestoreBestWeights = restoreBest,
        Seed = 4,
    };

    private static IDataView Normalized(MLContext ml, IDataView raw) =>
        ml.Data.Cache(ml.Transforms.NormalizeMeanVariance("Features").Fit(raw).Transform(raw));

    /// <summary>Twenty points split by x₀ + x₁ = 0 with a wide margin.</summary>
    private static IDataView Separable(MLContext ml)
    {
        var random = new Random(11);
        var features = Enumerable.Range(0, 20).Select(i =>
        {
            float side = i % 2 == 0 ? 1 : -1;
            return new[] { side + (float)(random.NextDouble() - 0.5), side + (float)(random.NextDouble() - 0.5) };
        }).ToArray();
        return Datasets.FromRows(ml, features, features.Select(f => f[0] + f[1] > 0).ToArray());
    }

    /// <summary>The mean binary cross-entropy of a model's Score logits, computed here in double.</summary>
    private static double MeanBinaryCrossEntropy(ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var logits = Scores.Read(scored);
        var labels = scored.GetColumn<bool>("Label").ToArray();
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double z = logits[i], y = labels[i] ? 1 : 0;
            sum += Math.Max(z, 0) - z * y + Math.Log(1 + Math.Exp(-Math.Abs(z)));
        }
        return sum / logits.Length;
    }

    private static double SquaredWeightNorm(DenseNetwork network) =>
        network.Weights.Sum(w => w.ToArray().Sum(x => (double)x * x));

    private sealed class WeightedRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }
    }
}
