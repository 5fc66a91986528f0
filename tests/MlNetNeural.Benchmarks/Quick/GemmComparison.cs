using MlNetNeural.Neural;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>GFLOP/s of <see cref="Gemm"/> against <c>torch.matmul</c> on the same operands and transpositions.</summary>
internal static class GemmComparison
{
    /// <summary>A product C (m × n) = op(A)·op(B) with k the shared dimension, as one of a layer's three products.</summary>
    public sealed record Shape(string Name, int M, int N, int K, bool TransposeA, bool TransposeB);

    public static IEnumerable<Shape> Shapes()
    {
        yield return new("1024³", 1024, 1024, 1024, false, false);
        // 64→256→128→10, batch 256: forward Z = A·Wᵀ, weight gradient dW = δᵀ·A, input delta dA = δ·W.
        yield return new("fwd 256×64→256", 256, 256, 64, false, true);
        yield return new("fwd 256×256→128", 256, 128, 256, false, true);
        yield return new("dW 128×256 (k=256)", 128, 256, 256, true, false);
        yield return new("dA 256×128→256", 256, 256, 128, false, false);
        // 64→64→10, batch 32.
        yield return new("fwd 32×64→64", 32, 64, 64, false, true);
        yield return new("dW 64×64 (k=32)", 64, 64, 32, true, false);
    }

    public static void Run(Report report, int runs)
    {
        foreach (var shape in Shapes())
        {
            var random = new Random(7);
            float[] a = Fill(random, shape.M * shape.K);
            float[] b = Fill(random, shape.K * shape.N);
            float[] c = new float[shape.M * shape.N];
            int lda = shape.TransposeA ? shape.M : shape.K;
            int ldb = shape.TransposeB ? shape.K : shape.N;
            double flops = 2.0 * shape.M * shape.N * shape.K;
            double managed = flops / Measure.SecondsPerCall(
                () => Gemm.Multiply(shape.M, shape.N, shape.K, a, lda, shape.TransposeA, b, ldb, shape.TransposeB, c, shape.N, accumulate: false), runs) / 1e9;

            using var ta = shape.TransposeA ? tensor(a, shape.K, shape.M) : tensor(a, shape.M, shape.K);
            using var tb = shape.TransposeB ? tensor(b, shape.N, shape.K) : tensor(b, shape.K, shape.N);
            using var opA = shape.TransposeA ? ta.t() : ta.alias();
            using var opB = shape.TransposeB ? tb.t() : tb.alias();
            double torchRate = flops / Measure.SecondsPerCall(() =>
            {
                using var product = torch.matmul(opA, opB);
            }, runs) / 1e9;
            using var tc = torch.matmul(opA, opB);
            CheckClose(c, tc, shape.Name);
            report.Add($"GEMM {shape.Name} (GFLOP/s)", $"{managed:F1}", $"{torchRate:F1}", managed / torchRate,
                shape.Name == "1024³" ? "≥ 0.60×" : "");
        }
    }

    private static float[] Fill(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = (float)((random.NextDouble() * 2) - 1);
        return values;
    }

    private static void CheckClose(float[] managed, Tensor torchResult, string name)
    {
        float[] expected = torchResult.data<float>().ToArray();
        double worst = 0;
        for (int i = 0; i < managed.Length; i++)
            worst = Math.Max(worst, Math.Abs(managed[i] - expected[i]) / (1 + Math.Abs(expected[i])));
        if (worst > 1e-3)
            throw new InvalidOperationException($"GEMM {name}: managed and torch differ by {worst:G3} (relative).");
    }
}
