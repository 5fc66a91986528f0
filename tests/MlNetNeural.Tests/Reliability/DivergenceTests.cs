using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Tests.Infrastructure;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Tests.Reliability;

/// <summary>
/// An exploding learning rate never yields a model with a NaN or infinite weight: by default training
/// throws an error naming option LearningRate; with <see cref="DivergenceHandling.RestoreBest"/> it rolls
/// back to the best weights so far, stops, and the history says <see cref="StopReason.Diverged"/>.
/// </summary>
public sealed class DivergenceTests
{
    private static MlpRegressionTrainer.Options Exploding(float learningRate, int epochs, int batchSize, DivergenceHandling handling) => new(MlpPreset.Classic)
    {
        HiddenLayers = [16], Optimizer = OptimizerKind.Sgd, LearningRate = learningRate, NumberOfEpochs = epochs, BatchSize = batchSize,
        Patience = 0, Seed = 1, OnDivergence = handling,
    };

    [Fact]
    public void Throw_is_the_default_and_its_error_names_LearningRate_and_OnDivergence()
    {
        Assert.Equal(DivergenceHandling.Throw, new MlpBinaryTrainer.Options(MlpPreset.Classic).OnDivergence);
        var ml = new MLContext(seed: 1);
        var options = new MlpRegressionTrainer.Options(MlpPreset.Classic) { HiddenLayers = [16], Optimizer = OptimizerKind.Sgd, LearningRate = 1e20f, NumberOfEpochs = 5, Seed = 1 };
        var error = Assert.Throws<InvalidOperationException>(() => ml.Regression.Trainers.Mlp(options).Fit(Datasets.Regression(ml, "diabetes")));
        Assert.Contains("diverged", error.Message);
        Assert.Contains("LearningRate", error.Message);
        Assert.Contains("OnDivergence", error.Message);
    }

    [Theory]
    [InlineData(1e3f)]
    [InlineData(1e5f)]
    [InlineData(1e7f)]
    [InlineData(1e20f)]
    [InlineData(1e30f)]
    public void An_exploding_learning_rate_with_RestoreBest_returns_finite_weights_and_finite_scores(float learningRate)
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        int diverged = 0;
        foreach (var (epochs, batchSize) in new[] { (1, 32), (5, 32), (1, 1000), (5, 1000) })
        {
            var model = ml.Regression.Trainers.Mlp(Exploding(learningRate, epochs, batchSize, DivergenceHandling.RestoreBest)).Fit(data);
            AssertFinite(model.Model.Network);
            Assert.All(Scores.Read(model.Transform(data)), s => Assert.True(float.IsFinite(s)));

            var history = model.Model.History;
            if (history.StopReason == StopReason.Diverged)
            {
                diverged++;
                Assert.InRange(history.BestEpoch, -1, history.Epochs.Count - 2); // never the diverged epoch itself
            }
            else
            {
                Assert.Equal(StopReason.EpochLimit, history.StopReason);
            }
        }
        if (learningRate >= 1e20f)
            Assert.True(diverged > 0, $"learning rate {learningRate} was expected to diverge at least once");
    }

    [Theory]
    [InlineData("binary")]
    [InlineData("multiclass")]
    public void Classifiers_with_an_absurd_learning_rate_and_RestoreBest_return_finite_weights(string task)
    {
        var ml = new MLContext(seed: 1);
        foreach (float learningRate in new[] { 1e20f, 1e30f, float.MaxValue })
        {
            var network = task == "binary"
                ? ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
                {
                    HiddenLayers = [8], Optimizer = OptimizerKind.Sgd, LearningRate = learningRate, NumberOfEpochs = 3, Seed = 1,
                    OnDivergence = DivergenceHandling.RestoreBest,
                }).Fit(Datasets.Binary(ml, "breast_cancer")).Model.Network
                : ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic)
                {
                    HiddenLayers = [8], Optimizer = OptimizerKind.Sgd, LearningRate = learningRate, NumberOfEpochs = 3, Seed = 1,
                    OnDivergence = DivergenceHandling.RestoreBest,
                }).Fit(Datasets.Multiclass(ml, "iris")).Model.Network;
            AssertFinite(network);
        }
    }

    [Fact]
    public void RestoreBest_returns_exactly_the_weights_of_the_best_epoch_and_records_the_diverged_one()
    {
        // Full batch, so engine call k is epoch k; the engine reports a NaN loss in epoch 4.
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        var faulty = new FaultyBackend(call => call == 4 ? Fault.NanLoss : Fault.None);
        var options = Exploding(0.05f, 10, 1000, DivergenceHandling.RestoreBest);
        options.Backend = faulty;
        var model = ml.Regression.Trainers.Mlp(options).Fit(data).Model;

        var history = model.History;
        Assert.Equal(StopReason.Diverged, history.StopReason);
        Assert.Equal(5, history.Epochs.Count); // four healthy epochs and the one that diverged
        Assert.True(double.IsNaN(history.Epochs[4].TrainingLoss));
        int best = Enumerable.Range(0, 4).MinBy(e => history.Epochs[e].TrainingLoss);
        Assert.Equal(best, history.BestEpoch);

        // Same seed, stopped after the best epoch: the very same weights, bit for bit.
        var reference = ml.Regression.Trainers.Mlp(Exploding(0.05f, best + 1, 1000, DivergenceHandling.RestoreBest)).Fit(data).Model;
        AssertSameWeights(reference.Network, model.Network);
    }

    [Fact]
    public void A_divergence_before_any_epoch_finished_restores_the_starting_weights()
    {
        var ml = new MLContext(seed: 1);
        var faulty = new FaultyBackend(call => call == 0 ? Fault.NanLoss : Fault.None);
        var options = Exploding(0.05f, 10, 1000, DivergenceHandling.RestoreBest);
        options.Backend = faulty;
        var model = ml.Regression.Trainers.Mlp(options).Fit(Datasets.Regression(ml, "diabetes")).Model;

        Assert.Equal(StopReason.Diverged, model.History.StopReason);
        Assert.Equal(-1, model.History.BestEpoch);
        Assert.Single(model.History.Epochs);
        var start = faulty.StartingWeights!;
        for (int l = 0; l < start.LayerCount; l++)
        {
            Assert.Equal(start.Weights[l], model.Network.Weights[l].ToArray());
            Assert.Equal(start.Biases[l], model.Network.Biases[l].ToArray());
        }
    }

    [Fact]
    public void Gradients_that_poison_the_weights_without_a_bad_loss_are_caught_at_the_end_of_the_epoch()
    {
        // The last batch's loss is finite but its gradient is NaN, so the step makes every weight NaN unseen.
        var ml = new MLContext(seed: 1);
        var options = Exploding(0.05f, 10, 1000, DivergenceHandling.RestoreBest);
        options.Backend = new FaultyBackend(call => call == 2 ? Fault.NanGradients : Fault.None);
        var model = ml.Regression.Trainers.Mlp(options).Fit(Datasets.Regression(ml, "diabetes")).Model;

        Assert.Equal(StopReason.Diverged, model.History.StopReason);
        Assert.Equal(3, model.History.Epochs.Count);
        AssertFinite(model.Network);

        options.OnDivergence = DivergenceHandling.Throw;
        options.Backend = new FaultyBackend(call => call == 2 ? Fault.NanGradients : Fault.None);
        var error = Assert.Throws<InvalidOperationException>(() => ml.Regression.Trainers.Mlp(options).Fit(Datasets.Regression(ml, "diabetes")));
        Assert.Contains("epoch 2", error.Message);
        Assert.Contains("LearningRate", error.Message);
    }

    [Fact]
    public void A_diverged_history_survives_save_and_load()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Regression(ml, "diabetes");
        var options = Exploding(0.05f, 10, 1000, DivergenceHandling.RestoreBest);
        options.Backend = new FaultyBackend(call => call == 3 ? Fault.NanLoss : Fault.None);
        var model = ml.Regression.Trainers.Mlp(options).Fit(data);

        using var temp = new TempDirectory();
        ml.Model.Save(model, data.Schema, temp.File("diverged.zip"));
        var loaded = ml.Model.Load(temp.File("diverged.zip"), out _);
        var last = loaded is TransformerChain<ITransformer> chain ? chain.LastTransformer : loaded;
        var history = Assert.IsType<MlpRegressionModelParameters>(Assert.IsAssignableFrom<IPredictionTransformer<object>>(last).Model).History;
        Assert.Equal(StopReason.Diverged, history.StopReason);
        Assert.Equal(model.Model.History.BestEpoch, history.BestEpoch);
        Assert.True(double.IsNaN(history.Epochs[^1].TrainingLoss));
        Assert.Equal(Scores.Bits(Scores.Read(model.Transform(data))), Scores.Bits(Scores.Read(loaded.Transform(data))));
    }

    [Fact]
    public void An_unknown_OnDivergence_value_is_refused_naming_the_option()
    {
        var ml = new MLContext(seed: 1);
        var options = new MlpRegressionTrainer.Options(MlpPreset.Classic) { OnDivergence = (DivergenceHandling)7 };
        var error = Assert.Throws<InvalidOptionException>(() => ml.Regression.Trainers.Mlp(options));
        Assert.Contains("OnDivergence", error.Message);
    }

    private static void AssertFinite(DenseNetwork network) =>
        Assert.All(network.Weights.Concat(network.Biases), values => Assert.True(values.Span.ToArray().All(float.IsFinite)));

    private static void AssertSameWeights(DenseNetwork expected, DenseNetwork actual)
    {
        for (int l = 0; l < expected.LayerCount; l++)
        {
            Assert.Equal(Scores.Bits(expected.Weights[l].ToArray()), Scores.Bits(actual.Weights[l].ToArray()));
            Assert.Equal(Scores.Bits(expected.Biases[l].ToArray()), Scores.Bits(actual.Biases[l].ToArray()));
        }
    }

    private enum Fault
    {
        None,
        NanLoss,       // the engine reports a NaN objective
        NanGradients,  // the objective is fine but the gradients are NaN, so the step poisons the weights
    }

    /// <summary>The managed engine, with a fault injected at chosen calls of <c>ComputeGradients</c> (counted from 0).</summary>
    private sealed class FaultyBackend(Func<int, Fault> faultAt) : IGradientBackend
    {
        private readonly Func<int, Fault> _faultAt = faultAt;
        private int _calls;

        /// <summary>The weights as the first gradient call saw them: the initial weights.</summary>
        public ParameterSet<float>? StartingWeights { get; private set; }

        public string Name => "faulty";

        public IGradientEngine CreateEngine(NetworkSpec network) => new Engine(this, ManagedBackend.Instance.CreateEngine(network));

        private sealed class Engine(FaultyBackend owner, IGradientEngine inner) : IGradientEngine
        {
            public double ComputeGradients(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets,
                ReadOnlySpan<float> exampleWeights, ParameterSet<float> gradients, DropoutMasks<float>? dropout)
            {
                owner.StartingWeights ??= parameters.Clone();
                double loss = inner.ComputeGradients(parameters, inputs, rows, targets, exampleWeights, gradients, dropout);
                switch (owner._faultAt(owner._calls++))
                {
                    case Fault.NanLoss:
                        return double.NaN;
                    case Fault.NanGradients:
                        foreach (var (values, _) in gradients.Arrays())
                            values.AsSpan().Fill(float.NaN);
                        return loss;
                    default:
                        return loss;
                }
            }

            public double EvaluateLoss(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets, ReadOnlySpan<float> exampleWeights)
                => inner.EvaluateLoss(parameters, inputs, rows, targets, exampleWeights);

            public void Forward(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, Span<float> outputs)
                => inner.Forward(parameters, inputs, rows, outputs);

            public void Dispose() => inner.Dispose();
        }
    }
}
