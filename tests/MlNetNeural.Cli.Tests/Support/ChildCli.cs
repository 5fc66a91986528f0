using System.Diagnostics;
using System.Reflection;

namespace MlNetNeural.Cli.Tests.Support;

/// <summary>
/// Runs the built tool as <c>dotnet MlNetNeural.Cli.dll …</c> in a child process, as a user would,
/// with stdout and stderr redirected (so the tool prints plain progress lines, not a live bar).
/// </summary>
public static class ChildCli
{
    /// <summary>The tool's build output, found through the path the test project records.</summary>
    public static string DllPath
    {
        get
        {
            var relative = typeof(ChildCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliPath").Value!;
            var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, relative));
            Assert.True(File.Exists(path), $"The tool was not built: {path}");
            return path;
        }
    }

    /// <summary>Starts the tool; the caller reads its streams and waits.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// <summary>
    /// Sends SIGINT (Ctrl+C) to a started tool and waits at most 30 s for it to exit; returns the rest of its stderr.
    /// A tool that ignores the signal is killed and fails the test, rather than hanging the run.
    /// </summary>
    public static async Task<string> Interrupt(Process process)
    {
        using (var signal = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            signal.WaitForExit();
        var rest = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(30_000);
        if (!exited)
            process.Kill(entireProcessTree: true);
        Assert.True(exited, "The tool did not stop within 30 s of SIGINT.");
        return await rest;
    }

    /// <summary>Runs the tool to the end (at most two minutes).</summary>
    public static CliResult Run(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"mlnetneural {string.Join(' ', args)} did not finish within 2 minutes.");
        }
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
