using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Tests.Mlp;

/// <summary>
/// The managed engine after its performance work (packed GEMM, vector kernels): the same seed gives
/// bit-identical models, and the batch loop allocates nothing per batch once warmed up. Allocation is
/// measured process-wide, so this class runs alone (<see cref="SerialCollection"/>).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class MlpEngineDeterminismTests
{
    [Theory]
    [InlineData(new[] { 256, 128 }, 256)] // large enough for the parallel GEMM path
    [InlineData(new[] { 64 }, 32)]        // the single-thread path
    public void Same_seed_trains_bit_identical_models(int[] hidden, int batch)
    {
        var ml = new MLContext(seed: 1);
        var data = Synthetic(ml, rows: 1024, features: 64, classes: 10, seed: 3);
        float[] first = Scores(Train(ml, data, hidden, batch, epochs: 2, callback: null), data);
        float[] second = Scores(Train(ml, data, hidden, batch, epochs: 2, callback: null), data);
        Assert.Equal(Bits(first), Bits(second));
    }

    [Fact]
    public void Batches_allocate_nothing_after_warm_up_on_the_single_thread_path()
    {
        // 64→64→10 at batch 32 stays below the parallel threshold, so the whole epoch runs on this
        // thread. An epoch's own allocations (its record, log line, overflow check) do not grow with
        // the number of batches: 4× the rows, the same bytes per epoch.
        var ml = new MLContext(seed: 1);
        long small = SteadyEpochBytes(ml, Synthetic(ml, 1000, 64, 10, seed: 4), [64], 32, perThread: true);
        long large = SteadyEpochBytes(ml, Synthetic(ml, 4000, 64, 10, seed: 5), [64], 32, perThread: true);
        Assert.True(large - small <= 256, $"An epoch of 125 batches allocated {large} bytes, one of 32 batches {small}: {(large - small) / 93.0:F0} bytes per extra batch.");
    }

    [Fact]
    public void Parallel_batches_allocate_nothing_on_any_thread()
    {
        // 64→256→128→10 at batch 256: the large products are split among the GEMM's own worker threads,
        // which take their tiles without allocating; counted over every thread of the process.
        // The count is process-wide, so the test runner's own threads can add to it: the fewest bytes per batch
        // of three trials is the training loop's (a loop that allocated per batch would do so in every trial).
        var ml = new MLContext(seed: 1);
        var smallData = Synthetic(ml, 2048, 64, 10, seed: 6);
        var largeData = Synthetic(ml, 8192, 64, 10, seed: 7);
        double perBatch = double.MaxValue;
        string detail = "";
        for (int trial = 0; trial < 3 && perBatch > 64; trial++)
        {
            long small = SteadyEpochBytes(ml, smallData, [256, 128], 256, perThread: false);
            long large = SteadyEpochBytes(ml, largeData, [256, 128], 256, perThread: false);
            double bytes = (large - small) / 24.0; // 32 − 8 batches
            if (bytes < perBatch)
                (perBatch, detail) = (bytes, $"{small} bytes per epoch of 8 batches, {large} of 32");
        }
        Assert.True(perBatch <= 64, $"{perBatch:F0} bytes per batch ({detail}; fewest of three trials).");
    }

    private static long SteadyEpochBytes(MLContext ml, IDataView data, int[] hidden, int batch, bool perThread)
    {
        var marks = new List<long>();
        Train(ml, data, hidden, batch, epochs: 4, callback: _ =>
        {
            marks.Add(perThread ? GC.GetAllocatedBytesForCurrentThread() : GC.GetTotalAllocatedBytes(precise: true));
            return true;
        });
        return Enumerable.Range(2, marks.Count - 2).Min(i => marks[i] - marks[i - 1]); // epochs 2 and 3, after warm-up
    }

    private static MulticlassPredictionTransformer<MlpMulticlassModelParameters> Train(MLContext ml, IDataView data, int[] hidden, int batch, int epochs, Func<EpochRecord, bool>? callback)
    {
        var options = new MlpMulticlassTrainer.Options(MlpPreset.Classic)
        {
            HiddenLayers = hidden,
            BatchSize = batch,
            NumberOfEpochs = epochs,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 1e-3f,
            Seed = 42,
            EpochCallback = callback,
        };
        return ml.MulticlassClassification.Trainers.Mlp(options).Fit(data);
    }

    private static float[] Scores(ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<VBuffer<float>>("Score").SelectMany(s => s.DenseValues()).ToArray();

    /// <summary>Gaussian clusters around random class centres, labels as keys.</summary>
    internal static IDataView Synthetic(MLContext ml, int rows, int features, int classes, int seed)
    {
        var random = new Random(seed);
        var centres = new float[classes][];
        for (int c = 0; c < classes; c++)
            centres[c] = Enumerable.Range(0, features).Select(_ => (float)Normal(random)).ToArray();
        var examples = new List<Example>(rows);
        for (int r = 0; r < rows; r++)
        {
            int label = random.Next(classes);
            examples.Add(new Example { Label = (uint)label, Features = centres[label].Select(x => x + (float)Normal(random)).ToArray() });
        }
        var view = ml.Data.LoadFromEnumerable(examples, SchemaDefinition.Create(typeof(Example)).WithVectorSize(features));
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(view).Transform(view);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);

    private sealed class Example
    {
        public uint Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}

/// <summary>Tests that measure process-wide allocation run in this collection, one at a time and alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial (process-wide measurements)";
}

internal static class SchemaDefinitionExtensions
{
    public static SchemaDefinition WithVectorSize(this SchemaDefinition schema, int size)
    {
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return schema;
    }
}
