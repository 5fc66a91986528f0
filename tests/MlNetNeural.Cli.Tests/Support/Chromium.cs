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

/// <summary>
/// A fact that needs Chromium. Where none is installed it is skipped, saying why: on a developer's machine, or under CI
/// when <c>.ci/run</c> had no package manager to install it (<c>MLNETNEURAL_CHROMIUM_SKIP</c> gives the reason). Under
/// CI otherwise (CI=true) it runs, and fails if the install did not happen.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Skips the test when Chromium is missing, except under CI with a package manager.</summary>
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is not null)
            return;
        if (Environment.GetEnvironmentVariable("MLNETNEURAL_CHROMIUM_SKIP") is { Length: > 0 } reason)
            Skip = $"Chromium is not installed: {reason}.";
        else if (Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "Chromium is not installed (Debian: apt-get install chromium; or set CHROMIUM_PATH).";
    }
}
