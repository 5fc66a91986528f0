using MlNetNeural.Fuzz;

namespace MlNetNeural.Cli.Tests.Fuzz;

/// <summary>
/// Every fuzz target (eng/fuzz) on its seeds and on every crash or hang input the fuzzer ever found
/// (eng/fuzz/findings/TARGET): each must now be accepted or refused the documented way, quickly. The fuzzer itself
/// runs outside the suite (eng/fuzz/run.sh); its record is in the README's reliability section.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Targets => new(FuzzTargets.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_seed_is_accepted(string name)
    {
        var target = FuzzTargets.Find(name)!;
        var seeds = target.Seeds().ToList();
        Assert.NotEmpty(seeds);
        foreach (var (seedName, bytes) in seeds)
            Assert.True(RunWithin(target, bytes, $"seed {seedName}"), $"{name} refused its own seed {seedName}: the fuzzer would start outside the decoder");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_input_the_fuzzer_found_is_now_handled(string name)
    {
        var target = FuzzTargets.Find(name)!;
        string folder = Path.Combine(AppContext.BaseDirectory, "fuzz-findings", name);
        foreach (string file in Directory.Exists(folder) ? Directory.GetFiles(folder) : [])
            RunWithin(target, File.ReadAllBytes(file), Path.GetFileName(file));
    }

    [Fact]
    public void The_checkpoint_target_refuses_a_malformed_text_length_as_damage()
    {
        // The fuzzer's first find: a text length of more than five 7-bit bytes escaped as FormatException.
        var target = FuzzTargets.Find("checkpoint")!;
        byte[] seed = target.Seeds().First().Bytes;
        int textStart = 8 + 4 + 4 + 4; // magic, version, seed, entry count
        byte[] damaged = [.. seed[..textStart], 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. seed[(textStart + 6)..]];
        Assert.False(target.Run(damaged)); // refused as damage (InvalidDataException), not a FormatException escaping
    }

    private static bool RunWithin(FuzzTarget target, byte[] input, string what)
    {
        var run = Task.Run(() => target.Run(input));
        try
        {
            Assert.True(run.Wait(PerInput), $"{target.Name} {what}: did not finish within {PerInput.TotalSeconds} s");
        }
        catch (AggregateException e)
        {
            Assert.Fail($"{target.Name} {what}: {e.InnerException}");
        }
        return run.Result;
    }
}
