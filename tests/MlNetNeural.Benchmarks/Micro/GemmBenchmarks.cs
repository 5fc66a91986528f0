using BenchmarkDotNet.Attributes;
using MlNetNeural.Neural;

namespace MlNetNeural.Benchmarks.Micro;

/// <summary>The managed GEMM at 1024³ and at the products of a 64→256→128→10 layer stack, batch 256.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    [Params("1024³", "fwd 256×64→256", "fwd 256×256→128", "dW 128×256 k256", "dA 256×128→256")]
    public string Shape { get; set; } = "1024³";

    private (int M, int N, int K, bool Ta, bool Tb) Dims => Shape switch
    {
        "1024³" => (1024, 1024, 1024, false, false),
        "fwd 256×64→256" => (256, 256, 64, false, true),
        "fwd 256×256→128" => (256, 128, 256, false, true),
        "dW 128×256 k256" => (128, 256, 256, true, false),
        _ => (256, 256, 128, false, false),
    };

    [GlobalSetup]
    public void Setup()
    {
        var (m, n, k, _, _) = Dims;
        var random = new Random(1);
        _a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
        _b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble()).ToArray();
        _c = new float[m * n];
    }

    [Benchmark]
    public void Multiply()
    {
        var (m, n, k, ta, tb) = Dims;
        Gemm.Multiply(m, n, k, _a, ta ? m : k, ta, _b, tb ? k : n, tb, _c, n, accumulate: false);
    }
}
