using BenchmarkDotNet.Running;
using MlNetNeural.Benchmarks.Quality;
using MlNetNeural.Benchmarks.Quick;

namespace MlNetNeural.Benchmarks;

/// <summary>
/// <c>quick [--runs N] [--rows N] [--sparse-rows N] [--only gemm,train,tiny,inference,memory,sparse]</c>: the side-by-side
/// comparison with TorchSharp in one process. <c>quality [--only name,name] [--mlp Option=value,...]</c>: every data set in
/// <c>samples/data</c>, our MLP next to ML.NET's built-in trainers (<see cref="QualityBenchmark"/>). Anything else is handed to BenchmarkDotNet
/// (e.g. <c>--filter *Gemm*</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
            return QuickComparison.Run(args[1..]);
        if (args.Length > 0 && args[0] == "quality")
            return QualityBenchmark.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
