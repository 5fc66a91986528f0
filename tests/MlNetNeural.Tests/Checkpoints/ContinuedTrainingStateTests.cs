using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Schedules;
using MlNetNeural.Tests.Infrastructure;
using MlNetNeural.Tests.Sparse;

namespace MlNetNeural.Tests.Checkpoints;

/// <summary>
/// With option SaveTrainingState, a model saved and loaded carries the optimizer's state, the random generator and
/// the batch order, so N epochs and then M more of continued training give bit for bit the model of N + M epochs.
/// Without it, models are written in the previous format version and continue the old way.
/// </summary>
public sealed class ContinuedTrainingStateTests
{
    public static TheoryData<OptimizerKind, LearningRateScheduleKind> Cases()
    {
        var cases = new TheoryData<OptimizerKind, LearningRateScheduleKind>();
        foreach (var optimizer in Enum.GetValues<OptimizerKind>())
            cases.Add(optimizer, LearningRateScheduleKind.Constant);
        foreach (var schedule in new[] { LearningRateScheduleKind.Step, LearningRateScheduleKind.Exponential, LearningRateScheduleKind.InverseScaling, LearningRateScheduleKind.ReduceOnPlateau })
            cases.Add(OptimizerKind.Adam, schedule);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ten_epochs_then_ten_more_equal_twenty_epochs_bit_for_bit(OptimizerKind optimizer, LearningRateScheduleKind schedule)
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_1000");
        MlpBinaryTrainer.Options Options(int epochs) => new(MlpPreset.Classic)
        {
            HiddenLayers = [12, 8], NumberOfEpochs = epochs, BatchSize = 64, Seed = 5, Optimizer = optimizer, LearningRateSchedule = schedule,
            EarlyStopping = false, Patience = 0, DropoutRate = 0.2f, SaveTrainingState = true,
            LearningRateScheduleSettings = new LearningRateScheduleSettings { StepSize = 3, PlateauPatience = 1 },
        };

        var twenty = ml.BinaryClassification.Trainers.Mlp(Options(20)).Fit(data).Model;
        var ten = SavedAndLoaded(ml, ml.BinaryClassification.Trainers.Mlp(Options(10)).Fit(data), data);
        Assert.False(ten.TrainingState.IsEmpty);
        var tenMore = ml.BinaryClassification.Trainers.Mlp(Options(10)).Fit(data, null, ten).Model;

        Assert.Equal(Weights(twenty), Weights(tenMore));
        Assert.Equal(twenty.History.Epochs.Select(Key), tenMore.History.Epochs.Select(Key));
    }

    [Fact]
    public void A_hundred_epochs_then_a_hundred_more_equal_two_hundred_epochs_bit_for_bit()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_200");
        MlpBinaryTrainer.Options Options(int epochs) => new(MlpPreset.Classic)
        {
            HiddenLayers = [8], NumberOfEpochs = epochs, BatchSize = 64, Seed = 9, EarlyStopping = false, Patience = 0, DropoutRate = 0.1f,
            LearningRateSchedule = LearningRateScheduleKind.Constant, SaveTrainingState = true,
        };
        var twoHundred = ml.BinaryClassification.Trainers.Mlp(Options(200)).Fit(data).Model;
        var hundred = SavedAndLoaded(ml, ml.BinaryClassification.Trainers.Mlp(Options(100)).Fit(data), data);
        var hundredMore = ml.BinaryClassification.Trainers.Mlp(Options(100)).Fit(data, null, hundred).Model;
        Assert.Equal(Weights(twoHundred), Weights(hundredMore));
        Assert.Equal(200, hundredMore.History.Epochs.Count);
    }

    [Fact]
    public void A_lazy_sparse_fit_continues_bit_for_bit()
    {
        var ml = new MLContext(seed: 1);
        var data = SparseFeatureTrainingTests.TextLike(ml, rows: 500, seed: 6);
        MlpBinaryTrainer.Options Options(int epochs) => new()
        {
            HiddenLayers = [16], NumberOfEpochs = epochs, Seed = 3, FeatureStorage = FeatureStorage.Sparse, EarlyStopping = false,
            LearningRateSchedule = LearningRateScheduleKind.Constant, SaveTrainingState = true,
        };
        var eight = ml.BinaryClassification.Trainers.Mlp(Options(8)).Fit(data).Model;
        var four = SavedAndLoaded(ml, ml.BinaryClassification.Trainers.Mlp(Options(4)).Fit(data), data);
        var fourMore = ml.BinaryClassification.Trainers.Mlp(Options(4)).Fit(data, null, four).Model;
        Assert.Equal(Weights(eight), Weights(fourMore));
    }

    [Fact]
    public void Without_the_option_a_model_has_no_state_keeps_the_previous_format_and_continues_afresh()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_200");
        MlpBinaryTrainer.Options Options(int epochs) => new(MlpPreset.Classic)
        {
            HiddenLayers = [8], NumberOfEpochs = epochs, Seed = 5, EarlyStopping = false, LearningRateSchedule = LearningRateScheduleKind.Constant,
        };
        var transformer = ml.BinaryClassification.Trainers.Mlp(Options(5)).Fit(data);
        Assert.True(transformer.Model.TrainingState.IsEmpty);
        Assert.Equal(0x00010002u, ModelEntryVersion(ml, transformer, data)); // readable by the previous release

        var withState = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = [8], NumberOfEpochs = 5, Seed = 5, EarlyStopping = false, SaveTrainingState = true,
        }).Fit(data);
        Assert.Equal(0x00010003u, ModelEntryVersion(ml, withState, data));

        var ten = ml.BinaryClassification.Trainers.Mlp(Options(10)).Fit(data).Model;
        var fiveMore = ml.BinaryClassification.Trainers.Mlp(Options(5)).Fit(data, null, SavedAndLoaded(ml, transformer, data)).Model;
        Assert.NotEqual(Weights(ten), Weights(fiveMore)); // a fresh optimizer: not the uninterrupted fit
        Assert.Equal(10, fiveMore.History.Epochs.Count);
    }

    [Fact]
    public void A_damaged_training_state_is_refused_naming_the_initial_model()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_200");
        var options = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [8], NumberOfEpochs = 3, Seed = 5, EarlyStopping = false, SaveTrainingState = true };
        var model = ml.BinaryClassification.Trainers.Mlp(options).Fit(data).Model;
        byte[] state = model.TrainingState.ToArray();
        state[state.Length / 2] ^= 0x10;
        var damaged = new MlpBinaryModelParameters(ml, model.Network, model.History, model.InputEncoding, state);
        var e = Assert.Throws<ArgumentException>(() => ml.BinaryClassification.Trainers.Mlp(options).Fit(data, null, damaged));
        Assert.Equal("initialModel", e.ParamName);
        Assert.Contains("training state cannot be used", e.Message);
    }

    private static MlpBinaryModelParameters SavedAndLoaded(MLContext ml, BinaryPredictionTransformer<MlpBinaryModelParameters> model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = (BinaryPredictionTransformer<MlpBinaryModelParameters>)ml.Model.Load(stream, out _);
        return loaded.Model;
    }

    // The version our model entry was written at: in ML.NET's header it follows the model signature (MLNNMLPB).
    private static uint ModelEntryVersion(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(stream.ToArray()));
        using var entry = new MemoryStream();
        using (var source = zip.GetEntry("TransformerChain/Model/Model.key")!.Open())
            source.CopyTo(entry);
        byte[] bytes = entry.ToArray();
        int at = bytes.AsSpan().IndexOf("MLNNMLPB"u8);
        Assert.True(at >= 0);
        return BitConverter.ToUInt32(bytes, at + 8);
    }

    private static object Key(EpochRecord e) => (e.Epoch, e.TrainingLoss, e.ValidationLoss, e.LearningRate);

    private static float[] Weights(MlpBinaryModelParameters model) =>
        [.. model.Network.Weights.SelectMany(w => w.ToArray()), .. model.Network.Biases.SelectMany(b => b.ToArray())];
}
