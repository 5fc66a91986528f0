using System.Globalization;

namespace MlNetNeural.Packaging.Tests.Support;

/// <summary>
/// Packs the library projects once into a temporary local folder feed, with a version no other run
/// uses (0.0.0-test.&lt;UTC time&gt;.&lt;process id&gt;), so that the global packages folder can never serve
/// a stale copy. The build goes to the temporary folder too (artifacts output), never to the
/// repo's bin/obj, which the rest of the test run is using. Disposing removes the temporary folder
/// and this version from the global packages folder.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    /// <summary>Every test in the class shares this much time: packing, building the consumer, running it.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(170);

    public static readonly string[] Projects =
    [
        "src/Transforms/MlNetNeural.Transforms/MlNetNeural.Transforms.csproj",
        "src/Trainers/MlNetNeural.Trainers/MlNetNeural.Trainers.csproj",
        "src/Trainers/MlNetNeural.Trainers.TorchSharp/MlNetNeural.Trainers.TorchSharp.csproj",
    ];

    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(6);

    public LocalFeed()
    {
        Version = string.Create(CultureInfo.InvariantCulture, $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}");
        Root = Directory.CreateTempSubdirectory("mlnetneural-packaging-").FullName;
        Assert.False(Root.StartsWith(RepoPaths.Root, StringComparison.Ordinal), $"The temporary folder {Root} is inside the repository.");
        Dotnet = new Dotnet(Budget);
        try
        {
            GlobalPackagesFolder = FindGlobalPackagesFolder();
            RemoveStaleTestVersions();
            PackOutput = Pack();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Version { get; }

    /// <summary>The temporary folder; everything a test writes goes below it.</summary>
    public string Root { get; }

    public string Feed => Path.Combine(Root, "feed");

    public Dotnet Dotnet { get; }

    public string PackOutput { get; } = "";

    public string GlobalPackagesFolder { get; } = "";

    public IEnumerable<string> PackageIds => Projects.Select(Path.GetFileNameWithoutExtension)!;

    public string Package(string id, string extension = ".nupkg") => Path.Combine(Feed, $"{id}.{Version}{extension}");

    public void Dispose()
    {
        if (GlobalPackagesFolder.Length > 0)
        {
            foreach (var id in PackageIds)
            {
                string folder = Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant());
                TryDelete(Path.Combine(folder, Version.ToLowerInvariant()));
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                    TryDelete(folder);
            }
        }
        TryDelete(Root);
    }

    private string Pack()
    {
        // One solution of just the library projects, so that MSBuild builds each of them once.
        string solution = Path.Combine(Root, "packages.slnx");
        File.WriteAllLines(solution,
            ["<Solution>", .. Projects.Select(p => $"  <Project Path=\"{RepoPaths.Project(p)}\" />"), "</Solution>"]);
        return Dotnet.Run(Root, "pack", solution, "-c", "Release", "-nodeReuse:false",
            "--artifacts-path", Path.Combine(Root, "artifacts"),
            $"-p:PackageOutputPath={Feed}{Path.DirectorySeparatorChar}",
            $"-p:Version={Version}",
            "-p:ContinuousIntegrationBuild=true");
    }

    private string FindGlobalPackagesFolder()
    {
        string output = Dotnet.Run(Root, "nuget", "locals", "global-packages", "--list");
        const string prefix = "global-packages: ";
        string? line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"dotnet nuget locals printed no global-packages folder:\n{output}");
        return line![prefix.Length..];
    }

    /// <summary>Versions left behind by a run that was killed before it could clean up.</summary>
    private void RemoveStaleTestVersions()
    {
        foreach (var id in PackageIds)
        {
            var folder = new DirectoryInfo(Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant()));
            if (!folder.Exists)
                continue;
            foreach (var version in folder.EnumerateDirectories("0.0.0-test.*"))
            {
                if (DateTime.UtcNow - version.LastWriteTimeUtc > StaleAfter)
                    TryDelete(version.FullName);
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
