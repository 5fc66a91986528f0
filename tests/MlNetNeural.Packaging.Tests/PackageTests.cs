using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using MlNetNeural.Packaging.Tests.Support;

namespace MlNetNeural.Packaging.Tests;

/// <summary>
/// The NuGet packages as a user gets them (issue 8, item 3): packed from the repo into a local folder
/// feed, checked for their metadata and dependency ranges, then installed into a fresh console
/// project outside the repository, which trains, saves, loads and predicts.
/// </summary>
public sealed class PackageTests(LocalFeed feed) : IClassFixture<LocalFeed>
{
    private const string Transforms = "MlNetNeural.Transforms";
    private const string Trainers = "MlNetNeural.Trainers";
    private const string TorchSharp = "MlNetNeural.Trainers.TorchSharp";

    [Fact]
    public void EachPackage_HasReadmeLicenseSymbolsAndOnlyItsOwnAssembly()
    {
        foreach (var id in feed.PackageIds)
        {
            using var package = ZipFile.OpenRead(feed.Package(id));
            var metadata = Nuspec(package, id);
            string entries = string.Join('\n', package.Entries.Select(e => e.FullName));

            Assert.Equal(feed.Version, Element(metadata, "version"));
            Assert.Equal("MIT", Element(metadata, "license"));
            Assert.Equal("expression", metadata.Element(metadata.Name.Namespace + "license")!.Attribute("type")?.Value);
            Assert.Equal("README.md", Element(metadata, "readme"));
            Assert.Contains("README.md", package.Entries.Select(e => e.FullName));
            Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "description")), $"{id}: no description");
            Assert.Contains("ml.net", Element(metadata, "tags"), StringComparison.Ordinal);
            Assert.Equal("git", metadata.Element(metadata.Name.Namespace + "repository")?.Attribute("type")?.Value);

            // The assembly and its docs, and nothing of ML.NET: no publicized reference copies.
            Assert.Contains($"lib/net10.0/{id}.dll", entries.Split('\n'));
            Assert.Contains($"lib/net10.0/{id}.xml", entries.Split('\n'));
            Assert.DoesNotContain("Microsoft.ML", entries, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("publicized", entries, StringComparison.OrdinalIgnoreCase);
            Assert.Single(package.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));

            using var symbols = ZipFile.OpenRead(feed.Package(id, ".snupkg"));
            Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
        }
    }

    [Fact]
    public void Dependencies_PinMicrosoftMlExactly_AndEachOtherToTheSameVersion()
    {
        string mlNet = CentralVersion("Microsoft.ML");
        Assert.Matches(@"^\[\d+\.\d+\.\d+\]$", mlNet); // an exact version: the internals were compiled against it

        var transforms = Dependencies(Transforms);
        Assert.Equal(mlNet, transforms["Microsoft.ML"].Version);

        var trainers = Dependencies(Trainers);
        Assert.Equal(mlNet, trainers["Microsoft.ML"].Version);
        Assert.Equal($"[{feed.Version}]", trainers[Transforms].Version);

        var torchSharp = Dependencies(TorchSharp);
        Assert.Equal($"[{feed.Version}]", torchSharp[Trainers].Version);
        Assert.Equal(CentralVersion("TorchSharp-cpu"), torchSharp["TorchSharp-cpu"].Version);

        // The publicizer swaps compile references; it must never show as excluded compile assets.
        foreach (var (_, dependency) in new[] { transforms, trainers, torchSharp }.SelectMany(d => d))
            Assert.DoesNotContain("Compile", dependency.Exclude, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TorchSharpPackage_CarriesTheNativeFix_AsBuildTransitive()
    {
        using var package = ZipFile.OpenRead(feed.Package(TorchSharp));
        var entries = package.Entries.ToDictionary(e => e.FullName);
        string entry = $"buildTransitive/{TorchSharp}.targets";
        Assert.True(entries.ContainsKey(entry), $"No {entry} in:\n{string.Join('\n', entries.Keys)}");
        Assert.Contains("buildTransitive/MlNetNeural.TorchSharpNativeFix.targets", entries.Keys);
        Assert.Contains("buildTransitive/TorchSharpNativeFix/WeakenGlibcxxTask.cs", entries.Keys);

        // The packaged copies are the repo's files, byte for byte, so the two cannot drift apart.
        AssertSame("eng/TorchSharpNativeFix.targets", entries["buildTransitive/MlNetNeural.TorchSharpNativeFix.targets"]);
        AssertSame("eng/TorchSharpNativeFix/WeakenGlibcxxTask.cs", entries["buildTransitive/TorchSharpNativeFix/WeakenGlibcxxTask.cs"]);
        AssertSame("eng/Packaging/buildTransitive/MlNetNeural.Trainers.TorchSharp.targets", entries[entry]);
    }

    [Fact]
    public void FreshConsoleProject_InstallsTrainersFromTheFeed_TrainsSavesLoadsAndPredicts()
    {
        // Only MlNetNeural.Trainers: MlNetNeural.Transforms and Microsoft.ML must come with it.
        string project = NewConsumerProject("consumer", Trainers);
        File.Copy(Path.Combine(RepoPaths.Root, "tests/MlNetNeural.Packaging.Tests/Consumer/Program.cs"), Path.Combine(project, "Program.cs"));

        string output = Path.Combine(project, "out");
        feed.Dotnet.Run(project, "build", "-c", "Release", "-o", output, "-nodeReuse:false");
        Assert.True(File.Exists(Path.Combine(output, $"{Transforms}.dll")), $"{Transforms} did not come with {Trainers}.");

        string stdout = feed.Dotnet.Run(project, Path.Combine(output, "Consumer.dll"));
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string Line(string prefix) => lines.FirstOrDefault(l => l.StartsWith(prefix + " ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No line \"{prefix} …\" in the consumer's output:\n{stdout}");

        // The assemblies are the ones just packed (informational version "<version>+<commit>").
        Assert.StartsWith($"trainers {feed.Version}", Line("trainers"), StringComparison.Ordinal);
        Assert.StartsWith($"transforms {feed.Version}", Line("transforms"), StringComparison.Ordinal);
        double accuracy = double.Parse(Line("training accuracy")["training accuracy ".Length..], CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.95, $"Training accuracy {accuracy} on XOR:\n{stdout}");
        Assert.StartsWith("loaded MlNetNeural.Mlp.MlpBinaryModelParameters from ", Line("loaded"), StringComparison.Ordinal);
        Assert.True(Line("xor predictions") == "xor predictions 0 1 1 0", $"XOR corners mispredicted:\n{stdout}");
    }

    [Fact]
    public void ProjectReferencingTheTorchSharpPackage_ImportsTheNativeFix()
    {
        // Evaluation only: building would copy libtorch (about 600 MB) for a check that
        // tests/MlNetNeural.TorchSharp.Tests/NativeFixTests already makes on the same targets file.
        string project = NewConsumerProject("torchsharp-consumer", TorchSharp);
        feed.Dotnet.Run(project, "restore", "-nodeReuse:false");
        string imports = File.ReadAllText(Path.Combine(project, "obj", "Consumer.csproj.nuget.g.targets"));
        Assert.True(imports.Replace('\\', '/').Contains($"buildTransitive/{TorchSharp}.targets", StringComparison.OrdinalIgnoreCase),
            $"NuGet does not import the package's buildTransitive targets:\n{imports}");

        // Both properties are set by the imported fix, so the import chain reached it.
        string output = feed.Dotnet.Run(project, "msbuild", "-nodeReuse:false",
            "-getProperty:MlNetNeuralTorchSharpNativeFixImported", "-getProperty:TorchSharpNativeFix");
        Assert.True(output.Contains("\"MlNetNeuralTorchSharpNativeFixImported\": \"true\"", StringComparison.Ordinal)
            && output.Contains("\"TorchSharpNativeFix\": \"true\"", StringComparison.Ordinal), $"The native fix was not imported:\n{output}");
    }

    /// <summary>
    /// A new console project in the temporary folder, outside the repository, that gets packages
    /// from the local feed in addition to the default sources and references <paramref name="package"/>.
    /// </summary>
    private string NewConsumerProject(string name, string package)
    {
        string project = Path.Combine(feed.Root, name);
        Directory.CreateDirectory(project);
        // Stop MSBuild's search for Directory.Build.* above the temporary folder: the consumer sees no
        // build settings but its own, as in a user's new project.
        File.WriteAllText(Path.Combine(feed.Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(feed.Root, "Directory.Build.targets"), "<Project />\n");
        // The local feed in addition to the default sources (no <clear />): Microsoft.ML and the rest
        // come from where they always do.
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="mlnetneural-local" value="{feed.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{package}" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        return project;
    }

    private static XElement Nuspec(ZipArchive package, string id)
    {
        var entry = package.GetEntry($"{id}.nuspec") ?? throw new Xunit.Sdk.XunitException($"No {id}.nuspec in the package.");
        using var stream = entry.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    private static string Element(XElement metadata, string name) => metadata.Element(metadata.Name.Namespace + name)?.Value ?? "";

    private Dictionary<string, (string Version, string Exclude)> Dependencies(string id)
    {
        using var package = ZipFile.OpenRead(feed.Package(id));
        var metadata = Nuspec(package, id);
        var groups = metadata.Descendants(metadata.Name.Namespace + "group").ToList();
        Assert.True(groups.Count == 1 && groups[0].Attribute("targetFramework")?.Value == "net10.0", $"{id}: expected one net10.0 dependency group:\n{metadata}");
        return groups[0].Elements(metadata.Name.Namespace + "dependency").ToDictionary(
            d => d.Attribute("id")!.Value,
            d => (d.Attribute("version")?.Value ?? "", d.Attribute("exclude")?.Value ?? ""));
    }

    private static string CentralVersion(string package)
    {
        var props = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props"));
        return props.Descendants("PackageVersion").Single(e => e.Attribute("Include")?.Value == package).Attribute("Version")!.Value;
    }

    private static void AssertSame(string repoFile, ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var reader = new StreamReader(stream);
        Assert.True(File.ReadAllText(Path.Combine(RepoPaths.Root, repoFile)) == reader.ReadToEnd(), $"{entry.FullName} differs from {repoFile}.");
    }
}
