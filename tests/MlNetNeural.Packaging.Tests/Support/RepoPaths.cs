namespace MlNetNeural.Packaging.Tests.Support;

/// <summary>Finds the repository from the test assembly's folder (tests/…/bin/…), on any clone.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Project(string relativePath)
    {
        string path = Path.Combine(Root, relativePath);
        Assert.True(File.Exists(path), $"Project not found: {path}");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetNeural.sln")) && File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No MlNetNeural.sln above {AppContext.BaseDirectory}.");
    }
}
