using MlNetNeural.Neural;
using MlNetNeural.TorchSharp;
using TorchSharp;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>The side-by-side run (and, with <c>sparse</c>, the sparse text-like comparison with ML.NET's own trainers): managed engine and TorchSharp, same data, one process, median of several runs.</summary>
internal static class QuickComparison
{
    public static int Run(string[] args)
    {
        int runs = IntOption(args, "--runs", 5);
        int memoryRows = IntOption(args, "--rows", 1_000_000);
        var only = StringOption(args, "--only")?.Split(',') ?? ["gemm", "train", "tiny", "inference", "explain", "memory", "sparse"];
        int sparseRows = IntOption(args, "--sparse-rows", 50_000);

        if (!TorchSharpBackend.IsAvailable(out string? reason))
        {
            Console.Error.WriteLine(reason);
            return 1;
        }

        Console.WriteLine(CpuDescription.Line());
        Console.WriteLine($"MlNetNeural quick comparison: managed GEMM accelerated {Gemm.IsAccelerated}, " +
                          $"torch threads {torch.get_num_threads()}, runs {runs}");
        var report = new Report();
        if (only.Contains("gemm"))
        {
            // libtorch at all cores for the products, as the managed GEMM uses them.
            torch.set_num_threads(Environment.ProcessorCount);
            GemmComparison.Run(report, runs);
        }
        if (only.Contains("train"))
            TrainingComparison.Run(report, runs);
        if (only.Contains("tiny"))
            TinyNetComparison.Run(report, runs);
        if (only.Contains("inference"))
        {
            torch.set_num_threads(Environment.ProcessorCount); // the TorchSharp backend left it at 1
            InferenceComparison.Run(report, runs);
        }
        if (only.Contains("explain"))
        {
            torch.set_num_threads(Environment.ProcessorCount);
            ExplainComparison.Run(report, runs);
        }
        if (only.Contains("memory"))
            MemoryComparison.Run(report, memoryRows, runs);

        Console.WriteLine();
        report.Print(Console.Out);
        if (only.Contains("sparse"))
        {
            // --sparse-rows 0: the prediction rows only; --sparse-vocabularies 100000: one vocabulary (and its spread set).
            if (StringOption(args, "--sparse-predict") != "off")
                SparsePredictComparison.Run();
            int[] vocabularies = StringOption(args, "--sparse-vocabularies")?.Split(',').Select(int.Parse).ToArray() ?? [100_000, 1_000_000];
            if (sparseRows > 0)
                SparseComparison.Run(sparseRows, vocabularies, epochs: 10, StringOption(args, "--sparse-trainers")?.Split(','));
        }
        return 0;
    }

    private static string? StringOption(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        StringOption(args, name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
