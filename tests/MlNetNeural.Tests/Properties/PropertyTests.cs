using CsCheck;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Tests.Sparse;

namespace MlNetNeural.Tests.Properties;

/// <summary>
/// Invariants the example tests only sample, checked on random architectures, options and data with CsCheck (a failure
/// is shrunk to its smallest case and printed with the seed that replays it): a saved model loads to the same scores;
/// the sparse path trains the dense path's model; option validation accepts exactly the documented ranges.
/// </summary>
public sealed class PropertyTests
{
    internal const int Features = 3;

    // One of the given values, shrinking towards the first.
    private static Gen<T> Of<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private sealed record Architecture(int[] Hidden, Activation Activation, bool Robust, int Periodic, OptimizerKind Optimizer, float Dropout, int Seed);

    private static readonly Gen<Architecture> Architectures =
        Gen.Select(Gen.Int[1, 9].Array[0, 2], Of(Activation.Relu, Activation.LeakyRelu, Activation.Tanh, Activation.Selu, Activation.Gelu, Activation.Silu, Activation.Mish),
                Gen.Bool, Of(0, 3), Of(OptimizerKind.Sgd, OptimizerKind.Momentum, OptimizerKind.Adam, OptimizerKind.RMSprop), Of(0f, 0.2f), Gen.Int[0, 10_000])
            .Select((hidden, activation, robust, periodic, optimizer, dropout, seed) =>
                new Architecture(hidden, activation, robust, robust ? periodic : 0, optimizer, hidden.Length == 0 ? 0 : dropout, seed));

    private static IDataView Rows(MLContext ml, int seed)
    {
        var random = new Random(seed);
        return ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(_ =>
        {
            var x = Enumerable.Range(0, Features).Select(_ => (float)((random.NextDouble() * 6) - 3)).ToArray();
            return new Row { Features = x, Label = (x[0] * x[1]) - x[2] > 0 };
        }).ToList()); // materialized: the view is read once per fit and per scoring
    }

    [Fact]
    public void A_saved_model_loads_to_the_same_scores_for_any_architecture_and_options()
    {
        PropertyRuns.Check(Architectures, a =>
        {
            var ml = new MLContext(seed: 1);
            var data = Rows(ml, a.Seed);
            var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options
            {
                HiddenLayers = a.Hidden, HiddenActivation = a.Activation, Optimizer = a.Optimizer, DropoutRate = a.Dropout,
                InputScaling = a.Robust ? InputScaling.Robust : InputScaling.None, PeriodicFeatures = a.Periodic,
                NumberOfEpochs = 3, BatchSize = 8, Seed = a.Seed,
            }).Fit(data);
            using var stream = new MemoryStream();
            ml.Model.Save(model, data.Schema, stream);
            stream.Position = 0;
            var loaded = new MLContext(seed: 2).Model.Load(stream, out _);

            float[] before = model.Transform(data).GetColumn<float>("Score").ToArray();
            float[] after = loaded.Transform(data).GetColumn<float>("Score").ToArray();
            Assert.Equal(before, after);
        }, 25, threads: 1);
    }

    private sealed record SparseCase(int[] Hidden, OptimizerKind Optimizer, float L2, float Dropout, int BatchSize, int DataSeed, int Seed);

    [Fact]
    public void Sparse_training_with_exact_updates_gives_the_dense_models_bits_for_any_options()
    {
        var cases = Gen.Select(Gen.Int[1, 12].Array[1, 2], Of(OptimizerKind.Sgd, OptimizerKind.Momentum, OptimizerKind.Nesterov, OptimizerKind.Adam, OptimizerKind.AdamW),
                Of(0f, 1e-3f), Of(0f, 0.25f), Gen.Int[4, 64], Gen.Int[0, 1000], Gen.Int[0, 1000])
            .Select((hidden, optimizer, l2, dropout, batch, dataSeed, seed) => new SparseCase(hidden, optimizer, l2, dropout, batch, dataSeed, seed));
        PropertyRuns.Check(cases, c =>
        {
            var ml = new MLContext(seed: 1);
            var data = SparseFeatureTrainingTests.TextLike(ml, rows: 120, seed: c.DataSeed);
            float[] Weights(FeatureStorage storage)
            {
                var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
                {
                    HiddenLayers = c.Hidden, Optimizer = c.Optimizer, L2Regularization = c.L2, DropoutRate = c.Dropout, BatchSize = c.BatchSize,
                    NumberOfEpochs = 2, LearningRate = 0.01f, Seed = c.Seed, FeatureStorage = storage, SparseUpdates = SparseUpdates.Exact,
                }).Fit(data).Model;
                return [.. model.Network.Weights.SelectMany(w => w.ToArray()), .. model.Network.Biases.SelectMany(b => b.ToArray())];
            }

            Assert.Equal(Weights(FeatureStorage.Dense), Weights(FeatureStorage.Sparse));
        }, 15, threads: 1);
    }

    [Fact]
    public void Option_validation_accepts_exactly_the_documented_ranges()
    {
        static bool Accepts(Action<MlpBinaryTrainer.Options> set)
        {
            var options = new MlpBinaryTrainer.Options();
            set(options);
            try
            {
                options.Validate();
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        // Around each documented bound: values just inside, just outside, at it, and far away on either side.
        var numbers = Gen.OneOf(Gen.Float[-2f, 2f], Of(0f, 1f, -0f, float.Epsilon, -float.Epsilon, 0.99999994f, 1.0000001f, float.NaN, float.PositiveInfinity, float.NegativeInfinity));
        PropertyRuns.Check(numbers, v =>
        {
            Assert.Equal(v >= 0 && v < 1, Accepts(o => o.DropoutRate = v));                    // [0, 1)
            Assert.Equal(v > 0 && v < 1, Accepts(o => o.ValidationFraction = v));              // (0, 1)
            Assert.Equal(v >= 0 && float.IsFinite(v), Accepts(o => o.L2Regularization = v));   // >= 0, finite
            Assert.Equal(v >= 0 && float.IsFinite(v), Accepts(o => o.L1Regularization = v));
            Assert.Equal(v > 0 && float.IsFinite(v), Accepts(o => o.LearningRate = v));        // > 0, finite
            Assert.Equal(v > 0 && float.IsFinite(v), Accepts(o => o.PeriodicFeatureScale = v));
        }, 2000);
        PropertyRuns.Check(Gen.Int[-5, 5], n =>
        {
            Assert.Equal(n >= 1, Accepts(o => o.BatchSize = n));
            Assert.Equal(n >= 1, Accepts(o => o.NumberOfEpochs = n));
            Assert.Equal(n >= 0, Accepts(o => o.Patience = n));
            Assert.Equal(n >= 0, Accepts(o => o.PeriodicFeatures = n));
            Assert.Equal(n >= 1, Accepts(o => o.HiddenLayers = [4, n]));
        }, 200);
    }

    private sealed class Row
    {
        [VectorType(PropertyTests.Features)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
