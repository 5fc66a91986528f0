using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.InProcess;

/// <summary><c>--help</c> at the top level and on every command.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void TopLevelHelp_ListsEveryCommand(string flag)
    {
        var result = Tool.Ok(flag);
        foreach (var command in new[] { "train", "evaluate", "predict", "cv", "plot" })
            Assert.Contains($"  {command} ", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("train", "--hidden SIZES", "--perceptron", "--early-stopping")]
    [InlineData("evaluate", "<model> <data>", "--separator SEP", "--quiet")]
    [InlineData("predict", "<model> <data>", "--out FILE", "--separator SEP")]
    [InlineData("cv", "--folds K", "--plot FILE.png", "--l2 VALUES")]
    [InlineData("plot", "<model>", "--out FILE.png", "--log")]
    public void CommandHelp_ShowsUsageAndEveryOption(string command, params string[] expected)
    {
        var result = Tool.Ok(command, "--help");
        Assert.StartsWith($"Usage: mlnetneural {command}", result.Stdout);
        foreach (var text in expected)
            Assert.Contains(text, result.Stdout);
        Assert.Contains("--help", result.Stdout);
    }

    [Fact]
    public void Help_WinsOverOtherwiseBadArguments()
    {
        var result = Tool.Ok("train", "--no-such-option", "-h");
        Assert.StartsWith("Usage: mlnetneural train", result.Stdout);
    }

    [Fact]
    public void EveryCommandsHelp_HasOneLinePerOption()
    {
        foreach (var command in CliApp.Commands)
        {
            var help = Tool.Ok(command.Name, "--help").Stdout;
            foreach (var option in command.Options)
                Assert.Contains("  " + option.Flag, help);
        }
    }
}
