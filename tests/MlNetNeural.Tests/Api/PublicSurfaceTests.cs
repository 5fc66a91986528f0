using System.Reflection;
using Xunit.Abstractions;

namespace MlNetNeural.Tests.Api;

/// <summary>
/// Each library's public types, read by reflection from the built assembly, are exactly the types its
/// <c>PublicAPI.Shipped.txt</c> and <c>PublicAPI.Unshipped.txt</c> declare (the analyzer checks members at build time;
/// this prints the counts per assembly, the figure a review of the surface starts from).
/// </summary>
public sealed class PublicSurfaceTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Libraries => new()
    {
        { "MlNetNeural.Transforms", "src/Transforms/MlNetNeural.Transforms" },
        { "MlNetNeural.Trainers", "src/Trainers/MlNetNeural.Trainers" },
        { "MlNetNeural.Trainers.TorchSharp", "src/Trainers/MlNetNeural.Trainers.TorchSharp" },
        { "MlNetNeural.Plots", "src/Trainers/MlNetNeural.Plots" },
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_public_types_are_the_declared_ones(string assemblyName, string projectFolder)
    {
        string folder = Path.Combine(RepositoryRoot(), projectFolder);
        var declared = DeclaredTypes(folder);
        var assembly = Load(assemblyName, folder);
        var exported = assembly.GetExportedTypes().Select(Name).ToHashSet(StringComparer.Ordinal);
        output.WriteLine($"{assemblyName}: {exported.Count} public types");
        Assert.True(declared.SetEquals(exported),
            $"{assemblyName}: public but not declared [{string.Join(", ", exported.Except(declared))}]; declared but not public [{string.Join(", ", declared.Except(exported))}].");
    }

    // A type's line in a PublicAPI file is its name alone; member lines have "->" (enum values and constants too).
    private static HashSet<string> DeclaredTypes(string projectFolder) =>
        new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" }
            .SelectMany(file => File.ReadAllLines(Path.Combine(projectFolder, file)))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.Contains("->", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    // As the PublicAPI files write it: nested types with '.', generic parameters by name.
    private static string Name(Type type)
    {
        string name = type.IsNested ? $"{Name(type.DeclaringType!)}.{type.Name}" : $"{type.Namespace}.{type.Name}";
        int tick = name.LastIndexOf('`');
        if (tick < 0)
            return name;
        var own = type.GetGenericArguments().Skip(type.DeclaringType?.GetGenericArguments().Length ?? 0).Select(a => a.Name);
        return $"{name[..tick]}<{string.Join(", ", own)}>";
    }

    // The assembly this test already loaded, or the one the solution built beside this test's configuration.
    private static Assembly Load(string assemblyName, string projectFolder)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName);
        if (loaded is not null)
            return loaded;
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<configuration>/net10.0
        string path = Path.Combine(projectFolder, "bin", configuration, "net10.0", assemblyName + ".dll");
        Assert.True(File.Exists(path), $"{assemblyName} is not built at {path}: build the solution first.");
        return Assembly.LoadFrom(path);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetNeural.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No MlNetNeural.sln above {AppContext.BaseDirectory}.");
    }
}
