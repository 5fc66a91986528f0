using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Tests.Infrastructure;
using MlNetNeural.Tests.Sparse;

namespace MlNetNeural.Tests.Checkpoints;

/// <summary>
/// A fit interrupted during an epoch after a checkpoint and resumed from it gives, bit for bit, the model and history
/// of the uninterrupted fit: for every optimizer and schedule, with and without early stopping and dropout, on dense
/// and sparse rows, and when continuing a fitted model. A checkpoint of another fit is refused naming what differs.
/// </summary>
public sealed class CheckpointResumeTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<OptimizerKind, LearningRateScheduleKind, bool, float> Cases()
    {
        var cases = new TheoryData<OptimizerKind, LearningRateScheduleKind, bool, float>();
        foreach (var optimizer in Enum.GetValues<OptimizerKind>())
            cases.Add(optimizer, LearningRateScheduleKind.Cosine, true, 0.2f);
        foreach (var schedule in Enum.GetValues<LearningRateScheduleKind>())
            cases.Add(OptimizerKind.Adam, schedule, false, 0.2f);
        cases.Add(OptimizerKind.Adam, LearningRateScheduleKind.ReduceOnPlateau, true, 0f);
        cases.Add(OptimizerKind.Momentum, LearningRateScheduleKind.Constant, false, 0f);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_interrupted_fit_resumed_from_its_checkpoint_equals_the_uninterrupted_fit(
        OptimizerKind optimizer, LearningRateScheduleKind schedule, bool earlyStopping, float dropout)
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_1000");
        MlpBinaryTrainer.Options Options() => new(MlpPreset.Classic)
        {
            HiddenLayers = [12, 8], NumberOfEpochs = 6, BatchSize = 64, Seed = 5, Optimizer = optimizer, LearningRateSchedule = schedule,
            EarlyStopping = earlyStopping, Patience = earlyStopping ? 3 : 0, DropoutRate = dropout, L2Regularization = 1e-3f,
        };

        AssertResumeEquals(ml, data, Options, interruptAfterEpoch: 2);
    }

    [Fact]
    public void Early_stopping_that_stops_after_the_checkpoint_stops_at_the_same_epoch_when_resumed()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_200");
        MlpBinaryTrainer.Options Options() => new(MlpPreset.Classic)
        {
            HiddenLayers = [8], NumberOfEpochs = 200, Seed = 3, EarlyStopping = true, Patience = 2, MinDelta = 0.05f, LearningRate = 0.05f,
        };

        var (_, history) = AssertResumeEquals(ml, data, Options, interruptAfterEpoch: 1);
        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.True(history.Epochs.Count < 200);
    }

    [Fact]
    public void A_lazy_sparse_fit_with_its_best_weights_kept_copy_on_write_resumes_bit_for_bit()
    {
        var ml = new MLContext(seed: 1);
        var data = SparseFeatureTrainingTests.TextLike(ml, rows: 600, seed: 4);
        MlpBinaryTrainer.Options Options() => new()
        {
            HiddenLayers = [16], NumberOfEpochs = 8, Seed = 2, FeatureStorage = FeatureStorage.Sparse, EarlyStopping = true, Patience = 0,
            LearningRate = 0.02f, // large enough that some epoch after the best changes rows the best must keep
        };

        AssertResumeEquals(ml, data, Options, interruptAfterEpoch: 3);
    }

    [Fact]
    public void A_regression_fit_that_rolls_back_on_divergence_resumes_bit_for_bit()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        MlpRegressionTrainer.Options Options() => new(MlpPreset.Classic)
        {
            HiddenLayers = [10], NumberOfEpochs = 6, Seed = 7, OnDivergence = DivergenceHandling.RestoreBest, EarlyStopping = true,
        };

        var (uninterrupted, uninterruptedHistory) = WeightsAndHistory(ml.Regression.Trainers.Mlp(Options()).Fit(data).Model);
        string path = _folder.File("regression.ckpt");
        Interrupt(() => ml.Regression.Trainers.Mlp(WithCheckpoint(Options(), path, resume: false, cancelAfterEpoch: 2)).Fit(data));
        var (resumed, resumedHistory) = WeightsAndHistory(ml.Regression.Trainers.Mlp(WithCheckpoint(Options(), path, resume: true)).Fit(data).Model);
        Assert.Equal(uninterrupted, resumed);
        AssertSameHistory(uninterruptedHistory, resumedHistory);
    }

    [Fact]
    public void Continued_training_with_checkpoints_resumes_bit_for_bit()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Multiclass(ml, "iris");
        MlpMulticlassTrainer.Options Options() => new(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 5, Seed = 4, EarlyStopping = false };
        var first = ml.MulticlassClassification.Trainers.Mlp(Options()).Fit(data).Model;

        var (uninterrupted, uninterruptedHistory) = WeightsAndHistory(ml.MulticlassClassification.Trainers.Mlp(Options()).Fit(data, null, first).Model);
        string path = _folder.File("continued.ckpt");
        Interrupt(() => ml.MulticlassClassification.Trainers.Mlp(WithCheckpoint(Options(), path, resume: false, cancelAfterEpoch: 6)).Fit(data, null, first));
        var (resumed, resumedHistory) = WeightsAndHistory(ml.MulticlassClassification.Trainers.Mlp(WithCheckpoint(Options(), path, resume: true)).Fit(data, null, first).Model);
        Assert.Equal(uninterrupted, resumed);
        AssertSameHistory(uninterruptedHistory, resumedHistory);
        Assert.Equal(10, resumedHistory.Epochs.Count); // 5 of the first model, 5 continued
    }

    [Fact]
    public void Without_a_seed_the_resume_uses_the_checkpoints_seed()
    {
        var data = Datasets.Binary(new MLContext(seed: 1), "moons_1000");
        MlpBinaryTrainer.Options Options() => new(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 4, Seed = null };
        var (uninterrupted, _) = WeightsAndHistory(new MLContext(seed: 11).BinaryClassification.Trainers.Mlp(Options()).Fit(data).Model);
        string path = _folder.File("unseeded.ckpt");
        Interrupt(() => new MLContext(seed: 11).BinaryClassification.Trainers.Mlp(WithCheckpoint(Options(), path, resume: false, cancelAfterEpoch: 1)).Fit(data));
        // Another context would draw another seed: the checkpoint's is used.
        var (resumed, _) = WeightsAndHistory(new MLContext(seed: 12).BinaryClassification.Trainers.Mlp(WithCheckpoint(Options(), path, resume: true)).Fit(data).Model);
        Assert.Equal(uninterrupted, resumed);
    }

    [Fact]
    public void Resume_without_a_checkpoint_trains_from_the_start()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_200");
        MlpBinaryTrainer.Options Options() => new(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 3, Seed = 1 };
        var (fresh, _) = WeightsAndHistory(ml.BinaryClassification.Trainers.Mlp(Options()).Fit(data).Model);
        string path = _folder.File("absent.ckpt");
        var (resumed, _) = WeightsAndHistory(ml.BinaryClassification.Trainers.Mlp(WithCheckpoint(Options(), path, resume: true)).Fit(data).Model);
        Assert.Equal(fresh, resumed);
        Assert.True(File.Exists(path)); // and it saved checkpoints of its own
    }

    [Fact]
    public void A_checkpoint_of_other_options_or_data_is_refused_naming_the_difference()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_1000");
        MlpBinaryTrainer.Options Options() => new(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 4, Seed = 1 };
        string path = _folder.File("other.ckpt");
        Interrupt(() => ml.BinaryClassification.Trainers.Mlp(WithCheckpoint(Options(), path, resume: false, cancelAfterEpoch: 1)).Fit(data));
        byte[] saved = File.ReadAllBytes(path);

        var otherRate = WithCheckpoint(Options(), path, resume: true);
        otherRate.LearningRate = 0.1f;
        var e = Assert.Throws<InvalidOperationException>(() => ml.BinaryClassification.Trainers.Mlp(otherRate).Fit(data));
        Assert.Matches("option LearningRate is [^;]+ in the checkpoint and 0.1 in this fit", e.Message);
        Assert.DoesNotContain("option Seed", e.Message); // only what differs
        Assert.Contains(path, e.Message);

        var fewerRows = ml.Data.TakeRows(data, 900);
        e = Assert.Throws<InvalidOperationException>(() => ml.BinaryClassification.Trainers.Mlp(WithCheckpoint(Options(), path, resume: true)).Fit(fewerRows));
        Assert.Contains("training rows is", e.Message);
        Assert.Equal(saved, File.ReadAllBytes(path)); // a refused resume leaves the checkpoint as it was
    }

    [Fact]
    public void A_damaged_checkpoint_is_refused_and_left_in_place()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_200");
        MlpBinaryTrainer.Options Options() => new(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 4, Seed = 1 };
        string path = _folder.File("damaged.ckpt");
        Interrupt(() => ml.BinaryClassification.Trainers.Mlp(WithCheckpoint(Options(), path, resume: false, cancelAfterEpoch: 1)).Fit(data));
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => ml.BinaryClassification.Trainers.Mlp(WithCheckpoint(Options(), path, resume: true)).Fit(data));
        Assert.Contains($"Checkpoint '{path}' cannot be resumed from", e.Message);
        Assert.Equal(whole.Length / 2, new FileInfo(path).Length);
    }

    [Fact]
    public void Checkpoint_options_are_validated_up_front()
    {
        var ml = new MLContext(seed: 1);
        var every = Assert.Throws<InvalidOptionException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { CheckpointPath = "a.ckpt", CheckpointEveryEpochs = 0 }));
        Assert.Equal(nameof(MlpOptionsBase.CheckpointEveryEpochs), every.ParamName);
        var resume = Assert.Throws<InvalidOptionException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { ResumeFromCheckpoint = true }));
        Assert.Equal(nameof(MlpOptionsBase.ResumeFromCheckpoint), resume.ParamName);
        var empty = Assert.Throws<InvalidOptionException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { CheckpointPath = " " }));
        Assert.Equal(nameof(MlpOptionsBase.CheckpointPath), empty.ParamName);

        var data = Datasets.Binary(ml, "moons_200");
        var folder = Assert.Throws<ArgumentException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { CheckpointPath = _folder.Path }).Fit(data));
        Assert.Contains("is a folder", folder.Message);
        var missing = Assert.Throws<ArgumentException>(() =>
            ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { CheckpointPath = Path.Combine(_folder.Path, "no", "such", "x.ckpt") }).Fit(data));
        Assert.Contains("does not exist", missing.Message);
    }

    // Fits uninterrupted, then interrupted during the epoch after interruptAfterEpoch's checkpoint, then resumed;
    // asserts the resumed model and history are the uninterrupted ones.
    private (float[] Weights, TrainingHistory History) AssertResumeEquals(MLContext ml, IDataView data, Func<MlpBinaryTrainer.Options> options, int interruptAfterEpoch)
    {
        var (uninterrupted, uninterruptedHistory) = WeightsAndHistory(ml.BinaryClassification.Trainers.Mlp(options()).Fit(data).Model);
        string path = _folder.File("binary.ckpt");
        Interrupt(() => ml.BinaryClassification.Trainers.Mlp(WithCheckpoint(options(), path, resume: false, cancelAfterEpoch: interruptAfterEpoch)).Fit(data));
        Assert.True(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp")); // the temporary file was renamed
        var (resumed, resumedHistory) = WeightsAndHistory(ml.BinaryClassification.Trainers.Mlp(WithCheckpoint(options(), path, resume: true)).Fit(data).Model);
        Assert.Equal(uninterrupted, resumed);
        AssertSameHistory(uninterruptedHistory, resumedHistory);
        return (resumed, resumedHistory);
    }

    private static T WithCheckpoint<T>(T options, string path, bool resume, int cancelAfterEpoch = -1) where T : MlpOptionsBase
    {
        options.CheckpointPath = path;
        options.ResumeFromCheckpoint = resume;
        if (cancelAfterEpoch >= 0)
        {
            // Cancelled at the end of that epoch, after its checkpoint: the next epoch's first batch throws.
            var cancellation = new CancellationTokenSource();
            options.CancellationToken = cancellation.Token;
            options.EpochCallback = record =>
            {
                if (record.Epoch == cancelAfterEpoch)
                    cancellation.Cancel();
                return true;
            };
        }
        return options;
    }

    private static void Interrupt(Action fit) => Assert.ThrowsAny<OperationCanceledException>(fit);

    private static (float[] Weights, TrainingHistory History) WeightsAndHistory<TOutput>(MlpModelParametersBase<TOutput> model) =>
        ([.. model.Network.Weights.SelectMany(w => w.ToArray()), .. model.Network.Biases.SelectMany(b => b.ToArray())], model.History);

    private static void AssertSameHistory(TrainingHistory expected, TrainingHistory actual)
    {
        static object Key(EpochRecord e) => (e.Epoch, e.TrainingLoss, e.ValidationLoss, e.ValidationMetric, e.LearningRate);
        Assert.Equal(expected.Epochs.Select(Key), actual.Epochs.Select(Key));
        Assert.Equal(expected.BestEpoch, actual.BestEpoch);
        Assert.Equal(expected.StopReason, actual.StopReason);
    }
}
