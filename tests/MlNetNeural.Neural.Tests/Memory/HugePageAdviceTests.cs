using System.Globalization;
using System.Runtime.InteropServices;
using MlNetNeural.Neural;
using Xunit;

namespace MlNetNeural.Neural.Tests.Memory;

/// <summary>
/// A sparse model's first layer and its optimizer state are read at random rows, so on Linux they are asked for 2 MB
/// pages (<c>MADV_HUGEPAGE</c>, LargeArrays). The kernel records the advice on the mapping as the <c>hg</c> flag in
/// /proc/self/smaps; these tests read it back for the first layer a model and a fit hold.
/// </summary>
public class HugePageAdviceTests
{
    private const int Floats = 6 << 20; // 24 MB: past the 8 MB threshold, several 2 MB pages

    [Fact]
    public void The_models_first_layer_is_advised_huge_pages_and_keeps_its_values()
    {
        if (!Advisable())
            return;
        var weights = new float[Floats];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = i % 1000;

        float[] transposed = MatrixVector.Transpose(weights, 1 << 10, Floats >> 10);

        Assert.Equal(weights[5 * (Floats >> 10)], transposed[5]); // row 5, column 0 of W is column 5, row 0 of Wᵀ
        Assert.Contains("hg", FlagsOfMappingAtMiddleOf(transposed));
    }

    [Fact]
    public void A_training_first_layer_is_advised_huge_pages()
    {
        if (!Advisable())
            return;
        var parameters = new ParameterSet<float>(Floats >> 6, [64, 2]);

        float[] first = parameters.Weights[0];
        Assert.Equal(Floats, first.Length);
        Assert.All(first.AsSpan(0, 1024).ToArray(), v => Assert.Equal(0f, v));
        Assert.Contains("hg", FlagsOfMappingAtMiddleOf(first));
    }

    [Fact]
    public void A_small_matrix_is_transposed_as_before()
    {
        // Below the threshold nothing is advised; the layout is the same either way: Wᵀ[i, o] = W[o, i].
        float[] weights = [.. Enumerable.Range(0, 12).Select(i => (float)i)];
        float[] transposed = MatrixVector.Transpose(weights, 3, 4);
        Assert.Equal([0f, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], transposed);
    }

    // Transparent huge pages exist and are not switched off; without them the advice is refused and means nothing.
    private static bool Advisable() =>
        OperatingSystem.IsLinux()
        && File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
        && !File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[never]", StringComparison.Ordinal);

    private static string[] FlagsOfMappingAtMiddleOf(float[] array)
    {
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            return FlagsOfMappingAt(handle.AddrOfPinnedObject() + (array.Length * sizeof(float) / 2));
        }
        finally
        {
            handle.Free();
        }
    }

    private static string[] FlagsOfMappingAt(nint address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && IsHex(line.AsSpan(0, dash)))
            {
                long start = long.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                long end = long.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                inside = address >= start && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"No mapping in /proc/self/smaps holds 0x{address:x}.");
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }

        return text.Length > 0;
    }
}
