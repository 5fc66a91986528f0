using Microsoft.ML;
using MlNetNeural.Cli.Data;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Output;
using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Commands;

/// <summary><c>evaluate</c>: scores a labelled file with a saved model and prints the task's metrics.</summary>
internal sealed class EvaluateCommand : ICommand
{
    /// <inheritdoc />
    public string Name => "evaluate";

    /// <inheritdoc />
    public string Summary => "Score a labelled CSV/TSV file with a saved model; print the task's metrics.";

    /// <inheritdoc />
    public IReadOnlyList<string> Positionals { get; } = ["model", "data"];

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = [.. Separator.FileOptions];

    /// <inheritdoc />
    public IReadOnlyList<string> Examples { get; } = ["mlnetneural evaluate cancer.zip test.csv"];

    /// <inheritdoc />
    public int Run(ParsedArguments args, CliContext context)
    {
        string modelPath = args.Positionals[0];
        if (!File.Exists(modelPath))
            throw new UsageException($"model file '{modelPath}' does not exist");
        var file = DelimitedFile.Open(args.Positionals[1], args);
        var ml = MlNetWarnings.CreateContext(1, context);
        var (model, manifest) = ModelFile.LoadWithManifest(ml, modelPath);
        var data = DataLoading.Load(ml, file, manifest, requireLabel: true);
        MetricsPrinter.Print(ml, model.Transform(data), manifest, context.Out);
        return ExitCodes.Success;
    }
}
