using System.Diagnostics;
using System.Reflection;
using MlNetNeural.Search.Tests.Support;

namespace MlNetNeural.Search.Tests.Samples;

/// <summary>Every textbook sample runs green in quick mode, in a child process, and writes non-trivial pictures.</summary>
public sealed class SampleRunTests
{
    public static TheoryData<string, string[]> Samples => new()
    {
        { "PerceptronLogicGates", ["perceptron-logic-gates-errors.png", "perceptron-xor-boundary.png", "mlp-xor-boundary.png", "mlp-xor-loss.png"] },
        { "MlpMoonsDigits", ["mlp-moons-boundary.png", "mlp-moons-loss.png", "mlp-digits-pca-boundary.png"] },
        { "GradientDescentVariants", ["gradient-descent-variants.png"] },
        { "OptimizerComparison", ["optimizer-comparison.png"] },
        { "Overfitting", ["overfitting-underfit.png", "overfitting-overfit.png", "overfitting-l2.png", "overfitting-dropout.png", "overfitting-early-stopping.png", "overfitting-loss-curves.png"] },
        { "RegularizationSearch", ["regularization-breast-cancer-validation-curve.png", "regularization-digits-validation-curve.png", "regularization-digits-learning-curve.png"] },
        { "ExplainPredictions", ["explain-bike-row-3.png", "explain-bike-row-31.png", "explain-bike-row-110.png"] },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void RunsInQuickMode_AndWritesItsPictures(string sample, string[] pictures)
    {
        using var temp = new TempFolder();
        var (exitCode, stdout, stderr) = Run(sample, "--quick", "--out", temp.Path);
        Assert.True(exitCode == 0, $"{sample} exited with {exitCode}.\n{stdout}\n{stderr}");
        foreach (var picture in pictures)
            PngCheck.AssertNonTrivial(temp.File(picture));
        Assert.Equal(pictures.Order(), Directory.GetFiles(temp.Path, "*.png").Select(Path.GetFileName).Order()!);
    }

    [Fact]
    public void BadArgument_GivesOneLineAndExitCode2()
    {
        var (exitCode, _, stderr) = Run("GradientDescentVariants", "--bogus");
        Assert.Equal(2, exitCode);
        Assert.Contains("--bogus", stderr);
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string sample, params string[] args)
    {
        var metadata = typeof(SampleRunTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
        string dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, metadata["SamplesFolder"], sample, metadata["SampleOutputSuffix"], sample + ".dll"));
        Assert.True(File.Exists(dll), $"The sample was not built: {dll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(240_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{sample} did not finish within 4 minutes.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
