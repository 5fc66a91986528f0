using MlNetNeural.Cli.Models;

namespace MlNetNeural.Cli.Tests.Support;

/// <summary>A scratch folder deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlnetneural-cli-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Temporary files the tool's atomic writes left behind (there must never be any).</summary>
    public string[] LeftoverTempFiles() => Directory.GetFiles(Path, ModelFile.TempPrefix + "*");

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
