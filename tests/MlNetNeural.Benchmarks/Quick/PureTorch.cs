using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>
/// The reference an experienced PyTorch user would write: nn.Linear layers, torch.optim.Adam and
/// cross_entropy, batches taken from one tensor by a random permutation. Run at 1 and at all intra-op
/// threads; the faster is reported.
/// </summary>
internal static class PureTorch
{
    public static double TrainingSamplesPerSecond(float[] x, int[] y, int features, int classes, int[] hidden, int batch, int runs)
    {
        int before = torch.get_num_threads();
        try
        {
            double best = 0;
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                torch.set_num_threads(threads);
                best = Math.Max(best, Train(x, y, features, classes, hidden, batch, runs));
            }
            return best;
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    private static double Train(float[] x, int[] y, int features, int classes, int[] hidden, int batch, int runs)
    {
        torch.manual_seed(42);
        int rows = y.Length;
        using var inputs = torch.tensor(x, rows, features);
        using var labels = torch.tensor(y.Select(v => (long)v).ToArray(), ScalarType.Int64);
        var layers = new List<(string, torch.nn.Module<Tensor, Tensor>)>();
        int fanIn = features;
        for (int l = 0; l < hidden.Length; l++)
        {
            layers.Add(($"linear{l}", torch.nn.Linear(fanIn, hidden[l])));
            layers.Add(($"relu{l}", torch.nn.ReLU()));
            fanIn = hidden[l];
        }
        layers.Add(("output", torch.nn.Linear(fanIn, classes)));
        using var model = torch.nn.Sequential(layers);
        using var optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
        var epochSeconds = new double[runs + 1];
        for (int epoch = 0; epoch <= runs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            using var order = torch.randperm(rows);
            for (int start = 0; start < rows; start += batch)
            {
                using var scope = torch.NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(batch, rows - start));
                optimizer.zero_grad();
                var loss = torch.nn.functional.cross_entropy(model.forward(inputs.index_select(0, index)), labels.index_select(0, index));
                loss.backward();
                optimizer.step();
            }
            epochSeconds[epoch] = clock.Elapsed.TotalSeconds;
        }
        return rows / Measure.Median(epochSeconds.Skip(1).ToArray());
    }
}
