using System.Diagnostics;
using System.Text;

namespace MlNetNeural.Packaging.Tests.Support;

/// <summary>
/// Runs the dotnet CLI in a child process within a shared time budget, so that a package test never
/// runs longer than its budget, and every failure message carries the child's full output.
/// </summary>
public sealed class Dotnet(TimeSpan budget)
{
    // MSBuild sets these for the processes it starts (the test host among them); a child dotnet that
    // inherits them can resolve the wrong SDK pieces. Node reuse would leave build servers running.
    private static readonly string[] InheritedBuildVariables =
        ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE"];

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Runs <c>dotnet args…</c> in <paramref name="workingDirectory"/>; fails the test on a non-zero exit or timeout.</summary>
    public string Run(string workingDirectory, params string[] args)
    {
        var (exitCode, output) = TryRun(workingDirectory, args);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', args)} exited with {exitCode} in {workingDirectory}:\n{output}");
        return output;
    }

    public (int ExitCode, string Output) TryRun(string workingDirectory, params string[] args)
    {
        var remaining = budget - _clock.Elapsed;
        Assert.True(remaining > TimeSpan.Zero, $"The package test's time budget of {budget.TotalSeconds:F0} s ran out before dotnet {string.Join(' ', args)}.");

        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var name in InheritedBuildVariables)
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine("stderr: " + e.Data); };
        var began = _clock.Elapsed;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(remaining))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
                Assert.Fail($"dotnet {string.Join(' ', args)} did not finish within the package test's budget of {budget.TotalSeconds:F0} s " +
                            $"(it ran {(_clock.Elapsed - began).TotalSeconds:F0} s):\n{output}");
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output)
            return (process.ExitCode, output.ToString());
    }
}
