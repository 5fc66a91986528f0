using BenchmarkDotNet.Running;
using MlNetNeural.Benchmarks.Quick;

namespace MlNetNeural.Benchmarks;

/// <summary>
/// <c>quick [--runs N] [--rows N] [--sparse-rows N] [--only gemm,train,tiny,inference,memory,sparse]</c>: the side-by-side
/// comparison with TorchSharp in one process. Anything else is handed to BenchmarkDotNet
/// (e.g. <c>--filter *Gemm*</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
            return QuickComparison.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
