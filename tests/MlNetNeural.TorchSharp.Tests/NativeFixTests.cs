using System.Text;
using Xunit;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>
/// eng/TorchSharpNativeFix.targets: on a host whose libstdc++ lacks GLIBCXX_3.4.32 the output
/// folder's copy of libLibTorchSharp.so has that requirement marked weak, and the package cache's
/// copy is untouched; on newer hosts nothing is changed.
/// </summary>
public sealed class NativeFixTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void OutputCopyIsWeakOnlyWhereNeeded_PackageCacheUntouched()
    {
        if (!OperatingSystem.IsLinux())
            return;
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(output), $"{output} is missing: the native library did not reach the output folder.");

        bool hostHasVersion = HostLibStdCxx() is { } host && Contains(File.ReadAllBytes(host), Version + "\0");
        Assert.Equal(!hostHasVersion, IsWeak(output));

        string cache = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (File.Exists(cache))
            Assert.False(IsWeak(cache), $"{cache} in the package cache was modified.");
    }

    private static string? HostLibStdCxx() =>
        new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/usr/lib" }
            .Select(folder => Path.Combine(folder, "libstdc++.so.6")).FirstOrDefault(File.Exists);

    private static bool Contains(byte[] bytes, string text) =>
        bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;

    /// <summary>Reads vna_flags of the GLIBCXX_3.4.32 entry of .gnu.version_r (ELF64 little-endian).</summary>
    private static bool IsWeak(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        long sections = BitConverter.ToInt64(elf, 0x28);
        int size = BitConverter.ToUInt16(elf, 0x3A), count = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < count; s++)
        {
            int header = (int)(sections + s * size);
            if (BitConverter.ToUInt32(elf, header + 4) != 0x6ffffffe)
                continue;
            int need = (int)BitConverter.ToInt64(elf, header + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, header + 0x28);
            int strings = (int)BitConverter.ToInt64(elf, (int)(sections + link * size) + 0x18);
            for (uint n = 0, needs = BitConverter.ToUInt32(elf, header + 0x2C); n < needs; n++)
            {
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0, auxes = BitConverter.ToUInt16(elf, need + 2); a < auxes; a++)
                {
                    int name = strings + (int)BitConverter.ToUInt32(elf, aux + 8);
                    int end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == Version)
                        return (BitConverter.ToUInt16(elf, aux + 4) & 0x2) != 0;
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        throw new InvalidOperationException($"{path} has no {Version} requirement; update this test and eng/TorchSharpNativeFix.targets.");
    }
}
