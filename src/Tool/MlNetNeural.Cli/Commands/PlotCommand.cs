using Microsoft.ML;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Output;
using MlNetNeural.Cli.Parsing;
using MlNetNeural.Plots;

namespace MlNetNeural.Cli.Commands;

/// <summary>
/// <c>plot</c>: draws the loss curve (training and validation loss per epoch) saved in an MLP model,
/// or the error curve of a perceptron, as PNG. Works on any model zip ending in an MlNetNeural trainer.
/// </summary>
internal sealed class PlotCommand : ICommand
{
    /// <inheritdoc />
    public string Name => "plot";

    /// <inheritdoc />
    public string Summary => "Draw the loss curve saved in a model (the perceptron's error curve) as PNG.";

    /// <inheritdoc />
    public IReadOnlyList<string> Positionals { get; } = ["model"];

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("out", "FILE.png", "The picture to write (default: the model's name with -loss.png)."),
        new("title", "TEXT", "The picture's title."),
        new("log", null, "Loss on a logarithmic scale."),
        new("width", "PIXELS", $"Width (default {NeuralPlots.DefaultWidth})."),
        new("height", "PIXELS", $"Height (default {NeuralPlots.DefaultHeight})."),
    ];

    /// <inheritdoc />
    public IReadOnlyList<string> Examples { get; } = ["mlnetneural plot cancer.zip --out cancer-loss.png --log"];

    /// <inheritdoc />
    public int Run(ParsedArguments args, CliContext context)
    {
        string modelPath = args.Positionals[0];
        string output = args.Text("out") ?? Path.ChangeExtension(modelPath, null) + "-loss.png";
        PngFile.Check("out", output);
        int width = args.Int("width", min: 16) ?? NeuralPlots.DefaultWidth;
        int height = args.Int("height", min: 16) ?? NeuralPlots.DefaultHeight;
        string? title = args.Text("title");

        var ml = MlNetWarnings.CreateContext(1, context);
        var (model, _) = ModelFile.Load(ml, modelPath);
        ScottPlot.Plot plot;
        if (ModelInspection.History(model) is { } history)
        {
            if (history.Epochs.Count == 0)
                throw new InvalidDataException($"'{modelPath}' has an empty training history: nothing to plot");
            plot = NeuralPlots.LossCurve(history, title ?? $"Loss curve: {Path.GetFileName(modelPath)}", args.Flag("log"));
        }
        else if (ModelInspection.PerceptronErrors(model) is { Count: > 0 } errors)
        {
            plot = NeuralPlots.PerceptronErrors(errors, title ?? $"Perceptron errors: {Path.GetFileName(modelPath)}");
        }
        else
        {
            throw new InvalidDataException($"'{modelPath}' holds no MlNetNeural MLP or perceptron, so it has no loss curve");
        }
        context.Out.WriteLine($"wrote {PngFile.Save(plot, output, width, height)}");
        return ExitCodes.Success;
    }
}
