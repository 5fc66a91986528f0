using Microsoft.ML;
using MlNetNeural.Cli.Data;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Output;
using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Commands;

/// <summary><c>predict</c>: scores a file (label optional) and writes the predictions as CSV.</summary>
internal sealed class PredictCommand : ICommand
{
    /// <inheritdoc />
    public string Name => "predict";

    /// <inheritdoc />
    public string Summary => "Score a CSV/TSV file with a saved model; write predictions as CSV.";

    /// <inheritdoc />
    public IReadOnlyList<string> Positionals { get; } = ["model", "data"];

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        .. Separator.FileOptions,
        new("out", "FILE", "Where to write the CSV (default: standard output); written atomically."),
    ];

    /// <inheritdoc />
    public IReadOnlyList<string> Examples { get; } =
    [
        "mlnetneural predict iris.zip new-flowers.csv --out predictions.csv",
        "mlnetneural predict cancer.zip patients.tsv > predictions.csv",
    ];

    /// <inheritdoc />
    public int Run(ParsedArguments args, CliContext context)
    {
        string modelPath = args.Positionals[0];
        if (!File.Exists(modelPath))
            throw new UsageException($"model file '{modelPath}' does not exist");
        var file = DelimitedFile.Open(args.Positionals[1], args);
        string? output = args.Text("out");
        if (output is not null && Directory.Exists(output))
            throw new UsageException($"--out: '{output}' is a folder; give a file name");

        var ml = MlNetWarnings.CreateContext(1, context);
        var (model, manifest) = ModelFile.LoadWithManifest(ml, modelPath);
        var scored = model.Transform(DataLoading.Load(ml, file, manifest, requireLabel: false));
        if (output is null)
        {
            PredictionWriter.Write(scored, manifest, context.Out, context.Cancellation);
            return ExitCodes.Success;
        }

        long rows = AtomicFile.Write(output, writer => PredictionWriter.Write(scored, manifest, writer, context.Cancellation));
        if (!args.Flag("quiet"))
            context.Error.WriteLine($"wrote {rows} prediction(s) to {Path.GetFullPath(output)}");
        return ExitCodes.Success;
    }
}
