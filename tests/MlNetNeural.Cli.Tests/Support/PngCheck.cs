using SkiaSharp;

namespace MlNetNeural.Cli.Tests.Support;

/// <summary>Decodes a PNG with SkiaSharp (ScottPlot's graphics library) and checks it is a real picture.</summary>
public static class PngCheck
{
    /// <summary>Asserts the file exists, is a PNG of reasonable size, and has many colours (not blank, not one flat fill).</summary>
    public static void AssertNonTrivial(string path, int minColours = 50)
    {
        Assert.True(File.Exists(path), $"Picture {path} was not written.");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 8_000, $"{Path.GetFileName(path)} is only {bytes.Length} bytes.");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path} is not a decodable image.");
        int colours = bitmap.Pixels.Select(p => (uint)p).Distinct().Count();
        Assert.True(colours >= minColours, $"{Path.GetFileName(path)} has only {colours} distinct colours.");
    }
}
