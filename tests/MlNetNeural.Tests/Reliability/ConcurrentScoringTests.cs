using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlNetNeural.Tests.Reliability;

/// <summary>Trained once for the class: a perceptron and two MLPs, each behind a normalizer as users deploy them.</summary>
public sealed class ConcurrencyModels
{
    public ConcurrencyModels()
    {
        var ml = new MLContext(seed: 1);
        var cancer = Datasets.Binary(ml, "breast_cancer");
        Perceptron = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.Perceptron()).Fit(cancer);
        MlpBinary = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [32, 16], NumberOfEpochs = 10, Seed = 1 }))
            .Fit(cancer);
        var digits = Datasets.Multiclass(ml, "digits");
        MlpMulticlass = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic) { HiddenLayers = [32], NumberOfEpochs = 5, Seed = 1 }))
            .Fit(digits);
        CancerRows = Rows(ml, cancer);
        DigitRows = Rows(ml, digits);
    }

    public ITransformer Perceptron { get; }

    public ITransformer MlpBinary { get; }

    public ITransformer MlpMulticlass { get; }

    public float[][] CancerRows { get; }

    public float[][] DigitRows { get; }

    private static float[][] Rows(MLContext ml, IDataView data) =>
        ml.Data.CreateEnumerable<FeaturesOnly>(data, reuseRowObject: false,
            schemaDefinition: SchemaDefinition.Create(typeof(FeaturesOnly), SchemaDefinition.Direction.Read)).Select(r => r.Features).ToArray();

    public sealed class FeaturesOnly
    {
        public float[] Features { get; set; } = [];
    }
}

/// <summary>
/// Scoring one model from many threads — a <c>PredictionEngine</c> per thread, or <c>Transform</c> read
/// through parallel cursors — gives exactly the scores of sequential scoring; and a bounded load test scores
/// a million rows from eight threads without an error.
/// </summary>
public sealed class ConcurrentScoringTests : IClassFixture<ConcurrencyModels>
{
    private const int Threads = 8;
    private readonly ConcurrencyModels _models;
    private readonly ITestOutputHelper _output;

    public ConcurrentScoringTests(ConcurrencyModels models, ITestOutputHelper output)
    {
        _models = models;
        _output = output;
    }

    public static TheoryData<string> ModelNames => new() { "perceptron", "mlp-binary", "mlp-multiclass" };

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void A_PredictionEngine_per_thread_gives_the_sequential_scores_bit_for_bit(string name)
    {
        var (model, rows) = Pick(name);
        var ml = new MLContext(seed: 1);
        var expected = Sequential(ml, model, rows);

        var results = new int[Threads][][];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            using var scorer = RowScorer.Create(ml, model, rows[0].Length);
            var bits = new int[rows.Length][];
            // Each thread walks the rows from a different starting point, so threads score different rows at once.
            for (int k = 0; k < rows.Length; k++)
            {
                int r = (k + t * rows.Length / Threads) % rows.Length;
                bits[r] = scorer.Score(rows[r]);
            }
            results[t] = bits;
        });

        for (int t = 0; t < Threads; t++)
        {
            for (int r = 0; r < rows.Length; r++)
                Assert.Equal(expected[r], results[t][r]);
        }
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Transform_read_through_parallel_cursors_gives_the_sequential_scores_bit_for_bit(string name)
    {
        var (model, rows) = Pick(name);
        var ml = new MLContext(seed: 1);
        // A cached view can be split into parallel cursors; each cursor then gets its own mapper from the model.
        var data = ml.Data.Cache(WithIds(ml, rows));
        var scored = model.Transform(data);

        var sequential = ReadById(scored, [scored.GetRowCursor(scored.Schema)]);
        var cursors = scored.GetRowCursorSet(scored.Schema, Threads);
        Assert.True(cursors.Length > 1, $"ML.NET gave {cursors.Length} cursor(s); the parallel path was not exercised");
        var parallel = ReadById(scored, cursors);

        Assert.Equal(rows.Length, sequential.Count);
        Assert.Equal(rows.Length, parallel.Count);
        for (int id = 0; id < rows.Length; id++)
            Assert.Equal(sequential[id], parallel[id]);
        // And the same as a PredictionEngine scores them one at a time.
        var expected = Sequential(ml, model, rows);
        for (int id = 0; id < rows.Length; id++)
            Assert.Equal(expected[id], parallel[id]);
    }

    [Fact]
    public async Task A_million_rows_scored_from_eight_threads_without_an_error()
    {
        const int rowsPerThread = 125_000;
        const int sampleEvery = 997;
        var model = _models.MlpBinary;
        int features = _models.CancerRows[0].Length;
        var ml = new MLContext(seed: 1);
        var samples = new ConcurrentBag<(float[] Features, int[] Bits)>();
        long scored = 0;

        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            // Rows made on the fly (features of the raw data's scale, some far outside it), one input object reused.
            var random = new Random(100 + t);
            using var scorer = RowScorer.Create(ml, model, features);
            var row = new float[features];
            for (int i = 0; i < rowsPerThread; i++)
            {
                for (int j = 0; j < features; j++)
                    row[j] = (float)(random.NextDouble() * (i % 100 == 0 ? 1e4 : 100) - 10);
                var bits = scorer.Score(row); // score, probability
                float score = BitConverter.Int32BitsToSingle(bits[0]), probability = BitConverter.Int32BitsToSingle(bits[1]);
                if (!float.IsFinite(score) || !(probability is >= 0 and <= 1))
                    throw new InvalidOperationException($"thread {t}, row {i}: score {score}, probability {probability}");
                if (i % sampleEvery == 0)
                    samples.Add(((float[])row.Clone(), bits));
            }
            Interlocked.Add(ref scored, rowsPerThread);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2));
        _output.WriteLine($"{scored:N0} rows from {Threads} threads in {clock.Elapsed.TotalSeconds:F1} s " +
                          $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} CPU-seconds, {Environment.ProcessorCount} cores)");

        Assert.Equal(Threads * (long)rowsPerThread, scored);
        // The sampled rows score the same when scored again alone.
        Assert.Equal(Threads * (rowsPerThread / sampleEvery + 1), samples.Count);
        using var check = RowScorer.Create(ml, model, features);
        foreach (var (row, bits) in samples)
            Assert.Equal(bits, check.Score(row));
    }

    private (ITransformer Model, float[][] Rows) Pick(string name) => name switch
    {
        "perceptron" => (_models.Perceptron, _models.CancerRows),
        "mlp-binary" => (_models.MlpBinary, _models.CancerRows),
        "mlp-multiclass" => (_models.MlpMulticlass, _models.DigitRows),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>Each row's score bits, one row at a time on this thread.</summary>
    private static int[][] Sequential(MLContext ml, ITransformer model, float[][] rows)
    {
        using var scorer = RowScorer.Create(ml, model, rows[0].Length);
        return rows.Select(scorer.Score).ToArray();
    }

    /// <summary>A <c>PredictionEngine</c> for one thread, returning the bits of Score (and of Probability when the model has one).</summary>
    private abstract class RowScorer : IDisposable
    {
        public abstract int[] Score(float[] features);

        public abstract void Dispose();

        public static RowScorer Create(MLContext ml, ITransformer model, int features)
        {
            var input = SchemaDefinition.Create(typeof(Input));
            input["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
            var schema = model.GetOutputSchema(ml.Data.LoadFromEnumerable(Array.Empty<Input>(), input).Schema);
            if (schema["Score"].Type is VectorDataViewType)
                return new Of<VectorScore>(ml.Model.CreatePredictionEngine<Input, VectorScore>(model, inputSchemaDefinition: input), o => Scores.Bits(o.Score));
            if (schema.GetColumnOrNull("Probability") is not null)
                return new Of<ScoreAndProbability>(ml.Model.CreatePredictionEngine<Input, ScoreAndProbability>(model, inputSchemaDefinition: input), o => Scores.Bits([o.Score, o.Probability]));
            return new Of<ScalarScore>(ml.Model.CreatePredictionEngine<Input, ScalarScore>(model, inputSchemaDefinition: input), o => Scores.Bits([o.Score]));
        }

        private sealed class Of<TOut>(PredictionEngine<Input, TOut> engine, Func<TOut, int[]> bits) : RowScorer
            where TOut : class, new()
        {
            private readonly Input _input = new();
            private TOut _output = new();

            public override int[] Score(float[] features)
            {
                _input.Features = features;
                engine.Predict(_input, ref _output);
                return bits(_output);
            }

            public override void Dispose() => engine.Dispose();
        }
    }

    private static IDataView WithIds(MLContext ml, float[][] rows)
    {
        var schema = SchemaDefinition.Create(typeof(IdRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Length);
        return ml.Data.LoadFromEnumerable(rows.Select((f, i) => new IdRow { Id = i, Features = f }).ToList(), schema);
    }

    /// <summary>Reads every cursor on its own thread; returns each row's Score bits (and Probability's, if any) by its Id.</summary>
    private static Dictionary<int, int[]> ReadById(IDataView scored, DataViewRowCursor[] cursors)
    {
        var results = new ConcurrentDictionary<int, int[]>();
        var idColumn = scored.Schema["Id"];
        var scoreColumn = scored.Schema["Score"];
        var probabilityColumn = scored.Schema.GetColumnOrNull("Probability");
        Parallel.ForEach(cursors, new ParallelOptions { MaxDegreeOfParallelism = cursors.Length }, cursor =>
        {
            using (cursor)
            {
                var id = cursor.GetGetter<int>(idColumn);
                Func<int[]> score;
                if (scoreColumn.Type is VectorDataViewType)
                {
                    var getter = cursor.GetGetter<VBuffer<float>>(scoreColumn);
                    VBuffer<float> buffer = default;
                    score = () =>
                    {
                        getter(ref buffer);
                        return Scores.Bits(buffer.DenseValues().ToArray());
                    };
                }
                else
                {
                    var getter = cursor.GetGetter<float>(scoreColumn);
                    var probability = probabilityColumn is { } column ? cursor.GetGetter<float>(column) : null;
                    float value = 0, p = 0;
                    score = () =>
                    {
                        getter(ref value);
                        if (probability is null)
                            return Scores.Bits([value]);
                        probability(ref p);
                        return Scores.Bits([value, p]);
                    };
                }
                int rowId = 0;
                while (cursor.MoveNext())
                {
                    id(ref rowId);
                    Assert.True(results.TryAdd(rowId, score()), $"row {rowId} was read twice");
                }
            }
        });
        return results.ToDictionary(p => p.Key, p => p.Value);
    }

    public sealed class Input
    {
        public float[] Features { get; set; } = [];
    }

    public sealed class IdRow
    {
        public int Id { get; set; }

        public float[] Features { get; set; } = [];
    }

    public sealed class ScalarScore
    {
        public float Score { get; set; }
    }

    public sealed class ScoreAndProbability
    {
        public float Score { get; set; }

        public float Probability { get; set; }
    }

    public sealed class VectorScore
    {
        public float[] Score { get; set; } = [];
    }
}
