using System.Diagnostics;

namespace MlNetNeural.Cli.Tests.Support;

/// <summary>
/// Debian's headless Chromium, for tests that open the tool's HTML pages in a real browser. Found on the PATH or at
/// <c>CHROMIUM_PATH</c>; <c>.ci/run</c> installs it (package <c>chromium</c>) where it is missing.
/// </summary>
public static class Chromium
{
    /// <summary>The browser's executable, or <c>null</c> when none is installed.</summary>
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } given)
            return given;
        foreach (string name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
            {
                string candidate = System.IO.Path.Combine(folder, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// Loads <paramref name="page"/> headless (no network: the page must not need any), writes a screenshot of
    /// <paramref name="width"/> × <paramref name="height"/> pixels, and returns the browser's log, which carries every
    /// message the page wrote to its console ("CONSOLE" lines).
    /// </summary>
    public static string Screenshot(string page, string screenshot, string profile, int width, int height)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("Chromium is not installed."))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            $"--window-size={width},{height}", $"--screenshot={screenshot}", new Uri(page).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish loading {page} in 90 s.");
        }
        return output.Result + errors.Result;
    }
}

/// <summary>A fact that needs Chromium: skipped, saying why, where none is installed, except under CI (CI=true), where it must run.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Skips the test when Chromium is missing outside CI.</summary>
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "Chromium is not installed (Debian: apt-get install chromium; or set CHROMIUM_PATH).";
    }
}
