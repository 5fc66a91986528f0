using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace MlNetNeural.Tests.Infrastructure;

/// <summary>
/// Runs tests/MlNetNeural.ModelScorer in a child process: a fresh runtime that references only
/// MlNetNeural.Transforms loads a model zip and prints its scores as float bits.
/// </summary>
public static class ModelScorerProcess
{
    public sealed record Result(float[] Scores, IReadOnlyList<string> LoadedAssemblies);

    public static Result Score(string modelPath, string csvPath, string column = "Score")
    {
        var relative = typeof(ModelScorerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ModelScorerPath").Value!;
        var scorer = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, relative));
        Assert.True(File.Exists(scorer), $"The child-process scorer was not built: {scorer}");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(scorer);
        start.ArgumentList.Add(modelPath);
        start.ArgumentList.Add(csvPath);
        start.ArgumentList.Add(column);
        using var process = Process.Start(start)!;
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "The child-process scorer did not finish within 2 minutes.");
        string stdout = stdoutTask.Result, stderr = stderrTask.Result;
        Assert.True(process.ExitCode == 0, $"Child scorer failed ({process.ExitCode}): {stderr}");

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var scores = lines.Where(l => !l.StartsWith('#'))
            .SelectMany(l => l.Split(' '))
            .Select(h => BitConverter.Int32BitsToSingle(int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))
            .ToArray();
        var assemblies = lines.Where(l => l.StartsWith("#assembly ", StringComparison.Ordinal)).Select(l => l["#assembly ".Length..]).ToList();
        return new Result(scores, assemblies);
    }
}
