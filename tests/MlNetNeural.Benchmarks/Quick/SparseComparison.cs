using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Perceptron;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>
/// Sparse text-like data generated in code (Zipf-distributed tokens, ~200 non-zeros a row, 20 classes) at a 100,000-
/// and a 1,000,000-token vocabulary: our perceptrons (binary and multiclass) and MLP next to ML.NET's AveragedPerceptron
/// (binary and OneVersusAll), SdcaMaximumEntropy and LbfgsMaximumEntropy, each fit timed, with its peak managed heap and
/// test accuracy. A third set spreads the 100,000 tokens over 1,000,000 slots (token t in slot 10·t): the same rows,
/// non-zeros and active columns per batch as the first, only the slot count differs — what a cost that depends on the
/// slot count would show. (The 1,000,000-token set also has more distinct tokens per batch, which any lazy update pays.)
/// </summary>
internal static class SparseComparison
{
    private const int Classes = 20;
    private const int TokensPerRow = 200;

    private static string[]? s_trainers; // --sparse-trainers: only trainers whose name contains one of these

    public static void Run(int rows, int[] vocabularies, int epochs, string[]? trainers = null)
    {
        s_trainers = trainers;
        Console.WriteLine();
        Console.WriteLine($"Sparse text-like data: {rows} rows (80 % train), ~{TokensPerRow} non-zeros a row, {Classes} classes; " +
                          $"perceptrons {epochs} epochs/iterations; peak = largest managed heap during the fit minus before it; " +
                          "s/epoch = fit ÷ epochs, for the MLP the median of its epochs' recorded times");
        Console.WriteLine($"{"tokens",9}/{"slots",-9} {"trainer",-42} {"fit s",8} {"s/epoch",8} {"epochs",6} {"peak MB",8} {"accuracy",8}");
        var sets = vocabularies.Select(v => (Tokens: v, Slots: v)).Append((Tokens: vocabularies[0], Slots: 10 * vocabularies[0]));
        foreach (var (tokens, slots) in sets)
        {
            bool spread = slots != tokens;
            var ml = new MLContext(seed: 1);
            var split = ml.Data.TrainTestSplit(Generate(ml, rows, tokens, slots / tokens, seed: 1), testFraction: 0.2, seed: 1);
            var train = ml.Data.Cache(split.TrainSet);
            train.Preview(1);
            string vocabulary = $"{tokens,9}/{slots,-9}";
            if (spread)
            {
                // Only what the slot count could change: our trainers, with SDCA as the reference.
                Fit(ml, vocabulary, "MlNetNeural Perceptron (binary, averaged)", epochs, train, split.TestSet,
                    ml.BinaryClassification.Trainers.Perceptron(new PerceptronBinaryTrainer.Options
                    {
                        LabelColumnName = nameof(SparseRow.Binary), NumberOfEpochs = epochs, Averaged = true, Seed = 1,
                    }), _ => epochs, Binary);
                Fit(ml, vocabulary, "ML.NET SdcaMaximumEntropy", 0, train, split.TestSet, ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(), _ => 0);
                Fit(ml, vocabulary, "MlNetNeural Perceptron (averaged)", epochs, train, split.TestSet,
                    ml.MulticlassClassification.Trainers.Perceptron(new PerceptronMulticlassTrainer.Options { NumberOfEpochs = epochs, Averaged = true, Seed = 1 }), _ => epochs);
                FitMlp(ml, vocabulary, train, split.TestSet);
                continue;
            }

            Fit(ml, vocabulary, "ML.NET AveragedPerceptron (binary)", epochs, train, split.TestSet,
                ml.BinaryClassification.Trainers.AveragedPerceptron(labelColumnName: nameof(SparseRow.Binary), numberOfIterations: epochs), _ => epochs, Binary);
            Fit(ml, vocabulary, "MlNetNeural Perceptron (binary, averaged)", epochs, train, split.TestSet,
                ml.BinaryClassification.Trainers.Perceptron(new PerceptronBinaryTrainer.Options
                {
                    LabelColumnName = nameof(SparseRow.Binary), NumberOfEpochs = epochs, Averaged = true, Seed = 1,
                }), _ => epochs, Binary);
            Fit(ml, vocabulary, "ML.NET OVA(AveragedPerceptron)", epochs, train, split.TestSet,
                ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: epochs)), _ => epochs);
            Fit(ml, vocabulary, "ML.NET SdcaMaximumEntropy", 0, train, split.TestSet, ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(), _ => 0);
            Fit(ml, vocabulary, "ML.NET LbfgsMaximumEntropy", 0, train, split.TestSet, ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(), _ => 0);
            Fit(ml, vocabulary, "MlNetNeural Perceptron (averaged)", epochs, train, split.TestSet,
                ml.MulticlassClassification.Trainers.Perceptron(new PerceptronMulticlassTrainer.Options { NumberOfEpochs = epochs, Averaged = true, Seed = 1 }), _ => epochs);
            FitMlp(ml, vocabulary, train, split.TestSet);
        }
    }

    // The MLP's s/epoch is the median of its epochs' own times (its history records each), so the one-off work of a
    // fit (reading the rows, drawing the first layer) is in the fit time but not in the epoch time.
    private static void FitMlp(MLContext ml, string vocabulary, IDataView train, IDataView test) =>
        Fit(ml, vocabulary, "MlNetNeural Mlp() defaults", 0, train, test,
            ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options { Seed = 1 }),
            model => History(model).Epochs.Count,
            epochSeconds: model => Measure.Median([.. History(model).Epochs.Select(e => e.Seconds)]));

    private static TrainingHistory History(ITransformer model) =>
        ((MulticlassPredictionTransformer<MlpMulticlassModelParameters>)model).Model.History;

    private static void Fit<TTransformer>(MLContext ml, string vocabulary, string name, int epochs, IDataView train, IDataView test,
        IEstimator<TTransformer> trainer, Func<ITransformer, int> epochsOf, Func<MLContext, IDataView, double>? accuracy = null,
        Func<ITransformer, double>? epochSeconds = null)
        where TTransformer : ITransformer
    {
        if (s_trainers is not null && !s_trainers.Any(t => name.Contains(t, StringComparison.OrdinalIgnoreCase)))
            return;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalMemory(true);
        long peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(5).ConfigureAwait(false);
            }
        });
        var clock = Stopwatch.StartNew();
        var model = trainer.Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        stop.Cancel();
        sampler.Wait();
        var scored = model.Transform(test);
        double testAccuracy = accuracy?.Invoke(ml, scored) ?? ml.MulticlassClassification.Evaluate(scored).MicroAccuracy;
        int ran = epochsOf(model);
        string perEpoch = ran > 0 ? (epochSeconds?.Invoke(model) ?? seconds / ran).ToString("F3") : "—";
        Console.WriteLine($"{vocabulary} {name,-42} {seconds,8:F2} {perEpoch,8} {(ran > 0 ? ran.ToString() : "—"),6} {(peak - before) / 1e6,8:F0} {testAccuracy,8:F4}");
    }

    private static double Binary(MLContext ml, IDataView scored) =>
        ml.BinaryClassification.EvaluateNonCalibrated(scored, labelColumnName: nameof(SparseRow.Binary)).Accuracy;

    // Tokens: a log-uniform rank (Zipf's law with exponent 1) over the vocabulary; 2 % of a row's tokens come from its
    // class's 200 topic tokens, spread over the vocabulary. Counts are L2-normalised, as FeaturizeText's are. Token t is
    // stored in slot spacing·t of a vocabulary·spacing-slot vector.
    private static IDataView Generate(MLContext ml, int rows, int vocabulary, int spacing, int seed)
    {
        var random = new Random(seed);
        var topics = Enumerable.Range(0, Classes).Select(_ => Enumerable.Range(0, 200).Select(_ => random.Next(vocabulary)).ToArray()).ToArray();
        var list = new List<SparseRow>(rows);
        for (int r = 0; r < rows; r++)
        {
            uint label = (uint)random.Next(Classes);
            var counts = new SortedDictionary<int, float>();
            for (int t = 0; t < TokensPerRow; t++)
            {
                int token = random.NextDouble() < 0.02
                    ? topics[label][random.Next(200)]
                    : (int)Math.Min(vocabulary - 1, Math.Floor(Math.Pow(vocabulary, random.NextDouble())) - 1);
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
            float norm = MathF.Sqrt(counts.Values.Sum(v => v * v));
            list.Add(new SparseRow
            {
                Label = label + 1,
                Binary = label < Classes / 2,
                Features = new VBuffer<float>(vocabulary * spacing, counts.Count, counts.Values.Select(v => v / norm).ToArray(),
                    counts.Keys.Select(t => t * spacing).ToArray()),
            });
        }
        var schema = SchemaDefinition.Create(typeof(SparseRow));
        schema[nameof(SparseRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, vocabulary * spacing);
        schema[nameof(SparseRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), Classes);
        return ml.Data.LoadFromEnumerable(list, schema);
    }

    private sealed class SparseRow
    {
        public uint Label { get; set; }

        /// <summary>The binary task: the first half of the classes.</summary>
        public bool Binary { get; set; }

        public VBuffer<float> Features { get; set; }
    }
}
