using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Benchmarks.Quick;

/// <summary>
/// The line every benchmark run starts with, so a figure always says which processor and vector width it was taken on:
/// the model name (and on Linux its family and model numbers, which tell apart processor generations that virtual
/// machines report under one name, e.g. "AMD EPYC" for Zen 3, 4 and 5), the vector widths the runtime accelerates
/// and the widest SIMD extension present.
/// </summary>
internal static class CpuDescription
{
    public static string Line()
    {
        string model = RuntimeInformation.ProcessArchitecture.ToString();
        if (File.Exists("/proc/cpuinfo"))
        {
            var fields = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0)
                .Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                .GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
            string name = fields.GetValueOrDefault("model name") ?? fields.GetValueOrDefault("Processor") ?? model;
            model = fields.TryGetValue("cpu family", out var family) && fields.TryGetValue("model", out var number)
                ? $"{name} (family {family}, model {number})"
                : name;
        }
        string widest = Avx512F.IsSupported ? "AVX-512 F" : Avx2.IsSupported ? "AVX2" : AdvSimd() ? "AdvSimd" : "none";
        return $"CPU: {model}, {Environment.ProcessorCount} cores; widest SIMD {widest}; accelerated vectors: " +
               $"{(Vector512.IsHardwareAccelerated ? "512 " : "")}{(Vector256.IsHardwareAccelerated ? "256 " : "")}{(Vector128.IsHardwareAccelerated ? "128" : "")}".TrimEnd() +
               $"; FMA {Fma.IsSupported || AdvSimd()}"; // ARM64's AdvSimd always has FMA
    }

    private static bool AdvSimd() => System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
}
