using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Tests.Core;

/// <summary>The hand-written parser on its own.</summary>
public sealed class ArgumentParserTests
{
    private static readonly OptionSpec[] Options = [new("epochs", "N", ""), new("seed", "N", ""), new("hidden", "SIZES", ""), new("flag", null, ""), new("l2", "VALUES", "")];

    private static ParsedArguments Parse(params string[] args) => ArgumentParser.Parse("test", args, Options, ["data"]);

    [Fact]
    public void ValuesFollowTheirOption_OrAfterEquals_AndNegativeNumbersAreValues()
    {
        var parsed = Parse("data.csv", "--epochs=12", "--seed", "-3", "--flag", "--hidden", "64, 32");
        Assert.Equal(["data.csv"], parsed.Positionals);
        Assert.Equal(12, parsed.Int("epochs"));
        Assert.Equal(-3, parsed.Int("seed"));
        Assert.True(parsed.Flag("flag"));
        Assert.Equal([64, 32], parsed.IntList("hidden", 1)!);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("")]
    public void Hidden_NoneOrEmpty_IsNoHiddenLayer(string value)
        => Assert.Empty(Parse("d", "--hidden", value).IntList("hidden", 1)!);

    [Fact]
    public void DoubleDash_EndsOptions()
        => Assert.Equal(["--flag"], Parse("--", "--flag").Positionals);

    [Fact]
    public void Lists_ParseInvariantNumbers()
        => Assert.Equal([1e-5, 0.001, 10], Parse("d", "--l2", "1e-5, 0.001,10").DoubleList("l2")!);

    [Theory]
    [InlineData("--flag=1", "option '--flag' takes no value")]
    [InlineData("-x", "unknown option '-x'")]
    [InlineData("--seeds", "did you mean '--seed'?")]
    [InlineData("--epochs", "option '--epochs' needs a value (N)")]
    public void Mistakes_AreUsageErrors(string arg, string expected)
        => Assert.Contains(expected, Assert.Throws<UsageException>(() => Parse("d", arg)).Message);

    [Fact]
    public void Names_IgnoreCaseDashesAndUnderscores()
    {
        Assert.Equal(MlNetNeural.Neural.Activation.LeakyRelu, Names.Find("Leaky_ReLU", Names.Activations));
        Assert.Equal(MlNetNeural.Neural.Optimizers.OptimizerKind.RMSprop, Names.Find("RMSProp", Names.Optimizers));
        Assert.Null(Names.Find("relux", Names.Activations));
    }
}
