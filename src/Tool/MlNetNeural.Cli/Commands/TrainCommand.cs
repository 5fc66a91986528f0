using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlNetNeural.Cli.Data;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Output;
using MlNetNeural.Cli.Parsing;
using MlNetNeural.Cli.Training;
using MlNetNeural.Mlp;
using MlNetNeural.Perceptron;

namespace MlNetNeural.Cli.Commands;

/// <summary><c>train</c>: fits the pipeline on a CSV/TSV file and saves the model zip atomically.</summary>
internal sealed class TrainCommand : ICommand
{
    /// <summary>Where the model goes without <c>--out</c>.</summary>
    public const string DefaultOutput = "model.zip";

    /// <inheritdoc />
    public string Name => "train";

    /// <inheritdoc />
    public string Summary => "Train an MLP (or a perceptron) on a CSV/TSV file; save the model zip.";

    /// <inheritdoc />
    public IReadOnlyList<string> Positionals { get; } = ["data"];

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        .. TrainSettings.Options,
        new("l2", "L2", "L2 penalty on the weights (default 1e-4; 1e-2 for regression)."),
        new("perceptron", null, "Train the classic perceptron instead of an MLP (binary or multiclass)."),
        new("out", "FILE", $"The model zip to write (default {DefaultOutput}); written atomically."),
        new("checkpoint", "DIR", $"Save a checkpoint to DIR/{CheckpointFile} after every epoch (the folder is created); Ctrl+C or SIGTERM then stops after the epoch being trained and saves one (a second Ctrl+C stops at once). MLP only."),
        new("resume", null, "Continue from the checkpoint in --checkpoint DIR, if there is one, to the model the uninterrupted run would give; the same data and options are required."),
    ];

    /// <summary>The checkpoint's file name in the <c>--checkpoint</c> folder.</summary>
    public const string CheckpointFile = "checkpoint.mlnn";

    /// <inheritdoc />
    public IReadOnlyList<string> Examples { get; } =
    [
        "mlnetneural train breast_cancer.csv --label Label --task binary --hidden 32,16 --early-stopping --out cancer.zip",
        "mlnetneural train iris.csv --label Label --task multiclass --epochs 300 --optimizer adam --out iris.zip",
        "mlnetneural train moons.tsv --label y --task binary --perceptron --epochs 20",
        "mlnetneural train bike_hour.csv --label cnt --task regression --checkpoint ckpt --resume",
    ];

    /// <inheritdoc />
    public int Run(ParsedArguments args, CliContext context)
    {
        DelimitedFile? opened = null;
        DelimitedFile DataFile() => opened ??= DelimitedFile.Open(args.Positionals[0], args);
        var settings = TrainSettings.Read(args, singleL2: true, label => TaskDetection.Detect(DataFile(), label, args.Flag("quiet") ? TextWriter.Null : context.Error));
        bool quiet = args.Flag("quiet");
        string output = args.Text("out") ?? DefaultOutput;
        if (Directory.Exists(output))
            throw new UsageException($"--out: '{output}' is a folder; give a file name such as {DefaultOutput}");
        var checkpoint = Checkpointing(args, context);
        var file = DataFile();
        var manifest = DataLoading.PlanTraining(file, settings.Label, settings.Task, TrainerFactory.TrainerName(settings), settings.Columns, quiet ? TextWriter.Null : context.Error);
        manifest = manifest with { Options = TrainSettings.Recorded(args) };

        int epochs = settings.Epochs ?? (settings.Perceptron ? PerceptronOptionsBase.Defaults.NumberOfEpochs : MlpOptionsBase.Defaults.NumberOfEpochs);
        var progress = new ProgressReporter(context, quiet, "epoch", epochs);
        var ml = MlNetWarnings.CreateContext(settings.Seed, context);
        var trainer = TrainerFactory.Create(ml, settings, manifest,
            (epoch, summary) =>
            {
                progress.Report(epoch, summary);
                // With checkpoints, a cancel stops at the epoch's end, which saves a checkpoint (see Checkpointing).
                return checkpoint is null || !context.Cancellation.IsCancellationRequested;
            },
            context.Cancellation,
            checkpoint);
        var data = DataLoading.Load(ml, file, manifest, requireLabel: true);

        if (!quiet)
            context.Error.WriteLine($"training {manifest.Trainer} on {manifest.Features.Count} feature(s) of '{Path.GetFileName(file.Path)}' for up to {epochs} epoch(s)");
        var clock = Stopwatch.StartNew();
        ITransformer model;
        try
        {
            model = TrainerFactory.Fit(ml, manifest, trainer, data);
        }
        finally
        {
            progress.Finish();
        }
        if (checkpoint is not null && context.Cancellation.IsCancellationRequested)
            throw new CheckpointSavedException(checkpoint.Path);
        context.Cancellation.ThrowIfCancellationRequested();
        ModelFile.Save(ml, model, data.Schema, manifest, output, context.Cancellation);

        if (!quiet)
            context.Error.WriteLine(Outcome(model, clock.Elapsed));
        context.Out.WriteLine($"saved {Path.GetFullPath(output)}");
        return ExitCodes.Success;
    }

    // --checkpoint DIR and --resume. The trainer then sees no cancellation token: a Ctrl+C lets the epoch being
    // trained finish, the epoch callback stops training, and the loop saves a checkpoint on that stop.
    private static TrainerFactory.Checkpointing? Checkpointing(ParsedArguments args, CliContext context)
    {
        bool resume = args.Flag("resume");
        if (args.Text("checkpoint") is not { } folder)
        {
            if (resume)
                throw new UsageException("--resume needs --checkpoint DIR: the folder holding the checkpoint");
            return null;
        }
        if (File.Exists(folder))
            throw new UsageException($"--checkpoint: '{folder}' is a file; give a folder");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, CheckpointFile);
        if (!args.Flag("quiet"))
        {
            if (resume)
                context.Error.WriteLine(File.Exists(path) ? $"resuming from checkpoint '{path}'" : $"no checkpoint in '{folder}' yet: training from the start");
            context.Cancellation.Register(() => context.Error.WriteLine(
                "cancelling: finishing this epoch to save a checkpoint (Ctrl+C again to stop at once, without one)"));
        }
        return new TrainerFactory.Checkpointing(path, resume);
    }

    private static string Outcome(ITransformer model, TimeSpan elapsed)
    {
        string time = ProgressReporter.Clock(elapsed);
        if (ModelInspection.History(model) is { Epochs.Count: > 0 } history)
        {
            var last = history.Epochs[^1];
            string kept = history.BestEpoch >= 0 ? $", kept epoch {history.BestEpoch + 1}" : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"trained {history.Epochs.Count} epoch(s) in {time} (stop: {history.StopReason}{kept}); final training loss {last.TrainingLoss:0.000000}");
        }
        if (ModelInspection.PerceptronErrors(model) is { Count: > 0 } errors)
            return $"trained {errors.Count} epoch(s) in {time}; misclassifications in the last epoch: {errors[^1]}";
        return $"trained in {time}";
    }
}
