using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>
/// <c>PredictionEngine.Predict</c> on sparse rows of 650 Zipf-distributed non-zeros through an MLP with 100 hidden units, at 150,000 and
/// 1,500,000 slots: time per call (median of five passes) and bytes allocated per call.
/// </summary>
internal static class SparsePredictComparison
{
    private const int NonZeros = 650;
    private const int Calls = 20_000;

    public static void Run()
    {
        Console.WriteLine();
        Console.WriteLine($"PredictionEngine.Predict on sparse rows: {NonZeros} non-zeros, MLP [100], {Calls} calls a pass, median of 5 passes");
        Console.WriteLine($"{"slots",10} {"µs/call",8} {"bytes/call",10}");
        foreach (int slots in new[] { 150_000, 1_500_000 })
        {
            var ml = new MLContext(seed: 1);
            var random = new Random(1);
            var rows = Enumerable.Range(0, 256).Select(i => Row(random, slots, i % 2 == 0)).ToList();
            var schema = SchemaDefinition.Create(typeof(InputRow));
            schema[nameof(InputRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
            var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { HiddenLayers = [100], NumberOfEpochs = 1, Seed = 1 })
                .Fit(ml.Data.LoadFromEnumerable(rows, schema));
            var engine = ml.Model.CreatePredictionEngine<InputRow, Output>(model, inputSchemaDefinition: schema);
            var output = new Output();
            for (int i = 0; i < 2000; i++)
                engine.Predict(rows[i % rows.Count], ref output);

            var passes = new double[5];
            long bytes = 0;
            for (int p = 0; p < passes.Length; p++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < Calls; i++)
                    engine.Predict(rows[i % rows.Count], ref output);
                passes[p] = clock.Elapsed.TotalMicroseconds / Calls;
                bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            Array.Sort(passes);
            Console.WriteLine($"{slots,10} {passes[2],8:F2} {(double)bytes / Calls,10:F1}");
        }
    }

    private static InputRow Row(Random random, int slots, bool label)
    {
        var indices = new SortedSet<int>();
        // Zipf-distributed slots (log-uniform ranks), as words are: common tokens' weights stay in cache.
        while (indices.Count < NonZeros)
            indices.Add((int)Math.Min(slots - 1, Math.Floor(Math.Pow(slots, random.NextDouble())) - 1));
        var values = indices.Select(_ => (float)random.NextDouble()).ToArray();
        if (label)
            values[0] += 1;
        return new InputRow { Label = label, Features = new VBuffer<float>(slots, NonZeros, values, indices.ToArray()) };
    }

    private sealed class InputRow
    {
        public bool Label { get; set; }

        public VBuffer<float> Features { get; set; }
    }

    private sealed class Output
    {
        public float Score { get; set; }
    }
}
