using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Cli.Data;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Output;
using MlNetNeural.Cli.Parsing;
using MlNetNeural.Cli.Training;
using MlNetNeural.Mlp;
using MlNetNeural.Plots;
using MlNetNeural.Search;

namespace MlNetNeural.Cli.Commands;

/// <summary>
/// <c>cv</c>: k-fold cross-validation of the MLP over a grid of L2 strengths (<see cref="RegularizationSearch"/>):
/// prints the table, draws the validation curve, and optionally saves the model refitted on all rows
/// with the selected strength.
/// </summary>
internal sealed class CvCommand : ICommand
{
    /// <summary>The L2 grid without <c>--l2</c>: seven decades over 1e-5 … 10.</summary>
    public static IReadOnlyList<double> DefaultGrid { get; } = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

    /// <summary>Where the validation curve goes without <c>--plot</c>.</summary>
    public const string DefaultPlot = "validation-curve.png";

    private static readonly Dictionary<string, SearchMetric<BinaryClassificationMetrics>> BinaryMetrics = new()
    {
        ["accuracy"] = SearchMetrics.BinaryAccuracy,
        ["auc"] = SearchMetrics.BinaryAreaUnderRocCurve,
        ["f1"] = SearchMetrics.BinaryF1Score,
        ["logloss"] = SearchMetrics.BinaryLogLoss,
    };

    private static readonly Dictionary<string, SearchMetric<MulticlassClassificationMetrics>> MulticlassMetrics = new()
    {
        ["micro-accuracy"] = SearchMetrics.MulticlassMicroAccuracy,
        ["macro-accuracy"] = SearchMetrics.MulticlassMacroAccuracy,
        ["logloss"] = SearchMetrics.MulticlassLogLoss,
    };

    private static readonly Dictionary<string, SearchMetric<RegressionMetrics>> RegressionMetrics = new()
    {
        ["r2"] = SearchMetrics.RegressionRSquared,
        ["rmse"] = SearchMetrics.RegressionRootMeanSquaredError,
        ["mae"] = SearchMetrics.RegressionMeanAbsoluteError,
    };

    /// <inheritdoc />
    public string Name => "cv";

    /// <inheritdoc />
    public string Summary => "Cross-validate the MLP's L2 strength: table, validation-curve PNG, refitted model.";

    /// <inheritdoc />
    public IReadOnlyList<string> Positionals { get; } = ["data"];

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        .. TrainSettings.Options,
        new("l2", "VALUES", $"The L2 strengths to try, comma-separated (default {string.Join(",", DefaultGrid.Select(RegularizationSetting.FormatValue))})."),
        new("folds", "K", $"Number of folds, >= 2 (default {RegularizationSearchOptions.Defaults.NumberOfFolds})."),
        new("metric", "NAME", "What to compare by: binary accuracy|auc|f1|logloss (default accuracy); multiclass micro-accuracy|macro-accuracy|logloss (default micro-accuracy); regression r2|rmse|mae (default r2)."),
        new("one-se", null, "Select by the one-standard-error rule (the most regularized value within 1 SE of the best)."),
        new("stratify", null, "Stratify the folds by label, every class spread evenly over them (binary and multiclass; scikit-learn's StratifiedKFold). Default: ML.NET's random folds."),
        new("plot", "FILE.png", $"Where to write the validation curve (default {DefaultPlot})."),
        new("out", "FILE", "Also refit on all rows with the selected value and save that model zip."),
    ];

    /// <inheritdoc />
    public IReadOnlyList<string> Examples { get; } =
    [
        "mlnetneural cv breast_cancer.csv --label Label --task binary --l2 1e-5,1e-4,1e-3,1e-2,1e-1,1 --folds 5 --plot cv.png",
        "mlnetneural cv digits.csv --label Label --task multiclass --hidden 100 --one-se --stratify --out digits.zip",
    ];

    /// <inheritdoc />
    public int Run(ParsedArguments args, CliContext context)
    {
        var request = CvRequest.Read(args, context);
        var (settings, file) = (request.Settings, request.File);
        var manifest = DataLoading.PlanTraining(file, settings.Label, settings.Task, TrainerFactory.TrainerName(settings), settings.Columns,
            request.Quiet ? TextWriter.Null : context.Error);
        manifest = manifest with { Options = TrainSettings.Recorded(args) };
        var ml = MlNetWarnings.CreateContext(settings.Seed, context);
        var loaded = DataLoading.Load(ml, file, manifest, requireLabel: true);

        // Multiclass: map the label to a key once, on all rows, so that every fold shares one class order.
        ITransformer? labelToKey = manifest.Task == TaskKind.Multiclass ? TrainerFactory.LabelToKey(ml, manifest).Fit(loaded) : null;
        var data = labelToKey?.Transform(loaded) ?? loaded;
        var result = Search(ml, data, request, manifest, args.Flag("one-se"), context);

        context.Out.WriteLine(result.ToTable());
        context.Out.WriteLine(request.Stratify ? $"folds: stratified by label '{manifest.Label}'" : "folds: ML.NET's CrossValidationSplit (random, not stratified)");
        context.Out.WriteLine($"selected: {result.Selected.Setting} ({request.MetricName} {result.Selected.Validation})");
        string title = $"{Path.GetFileName(file.Path)}: {request.Folds}-fold CV {request.MetricName} vs L2";
        context.Out.WriteLine($"wrote {PngFile.Save(NeuralPlots.ValidationCurve(result, title: title), request.PlotPath)}");

        if (request.Output is { } output)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var model = result.Model!;
            if (labelToKey is not null)
                model = TrainerFactory.WithLabels(ml, labelToKey, model, data);
            ModelFile.Save(ml, model, loaded.Schema, manifest, output, context.Cancellation);
            context.Out.WriteLine($"saved {Path.GetFullPath(output)} (refitted on all rows with {result.Selected.Setting})");
        }
        return ExitCodes.Success;
    }

    /// <summary>What a cv command line asks for, checked before the data is read.</summary>
    private sealed record CvRequest(TrainSettings Settings, double[] Grid, int Folds, string PlotPath, string? Output, string MetricName, bool Stratify,
        bool Quiet, DelimitedFile File)
    {
        public static CvRequest Read(ParsedArguments args, CliContext context)
        {
            DelimitedFile? opened = null;
            DelimitedFile DataFile() => opened ??= DelimitedFile.Open(args.Positionals[0], args);
            var settings = TrainSettings.Read(args, singleL2: false, label => TaskDetection.Detect(DataFile(), label, args.Flag("quiet") ? TextWriter.Null : context.Error));
            var grid = args.DoubleList("l2") ?? [.. DefaultGrid];
            if (grid.FirstOrDefault(v => v < 0) is var negative && negative < 0)
                throw new UsageException($"--l2: every value must be >= 0, got {negative.ToString(CultureInfo.InvariantCulture)}");
            int folds = args.Int("folds", min: 2) ?? RegularizationSearchOptions.Defaults.NumberOfFolds;
            string plotPath = args.Text("plot") ?? DefaultPlot;
            PngFile.Check("plot", plotPath);
            string? output = args.Text("out");
            if (output is not null && Directory.Exists(output))
                throw new UsageException($"--out: '{output}' is a folder; give a file name");
            string metricName = args.Text("metric") ?? settings.Task switch
            {
                TaskKind.Binary => "accuracy",
                TaskKind.Multiclass => "micro-accuracy",
                _ => "r2",
            };
            CheckMetric(settings.Task, metricName);
            bool stratify = args.Flag("stratify");
            if (stratify && settings.Task == TaskKind.Regression)
                throw new UsageException("--stratify: folds can be stratified only by a class label (binary or multiclass), not for regression");
            return new CvRequest(settings, [.. grid], folds, plotPath, output, metricName, stratify, args.Flag("quiet"), DataFile());
        }
    }

    // The L2 grid cross-validated with the task's trainer and metric, reporting each fit; refits on all rows with --out.
    private static RegularizationSearchResult Search(MLContext ml, IDataView data, CvRequest request, ModelManifest manifest, bool oneStandardError,
        CliContext context)
    {
        var searchOptions = new RegularizationSearchOptions
        {
            NumberOfFolds = request.Folds,
            Seed = request.Settings.Seed,
            LabelColumnName = manifest.Label,
            UseOneStandardErrorRule = oneStandardError,
            StratifyByLabel = request.Stratify,
            Refit = request.Output is not null,
        };
        var search = new RegularizationGrid(new GridAxis(RegularizationParameter.L2Regularization, request.Grid));
        var progress = new ProgressReporter(context, request.Quiet, "fit", search.Settings.Count * request.Folds + (searchOptions.Refit ? 1 : 0));
        var reports = new SearchProgressSink(progress);
        var preprocessing = TrainerFactory.Features(ml, manifest);
        var settings = request.Settings;
        if (!request.Quiet)
            context.Error.WriteLine($"cross-validating {search.Settings.Count} L2 value(s) × {request.Folds} folds by {request.MetricName}");
        try
        {
            return manifest.Task switch
            {
                TaskKind.Binary => RegularizationSearch.Run(ml, data, preprocessing,
                    s => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(Template<MlpBinaryTrainer.Options>(settings, manifest, context))),
                    search, BinaryMetrics[request.MetricName], searchOptions, reports, context.Cancellation),
                TaskKind.Multiclass => RegularizationSearch.Run(ml, data, preprocessing,
                    s => ml.MulticlassClassification.Trainers.Mlp(s.ApplyTo(Template<MlpMulticlassTrainer.Options>(settings, manifest, context))),
                    search, MulticlassMetrics[request.MetricName], searchOptions, reports, context.Cancellation),
                _ => RegularizationSearch.Run(ml, data, preprocessing,
                    s => ml.Regression.Trainers.Mlp(s.ApplyTo(Template<MlpRegressionTrainer.Options>(settings, manifest, context))),
                    search, RegressionMetrics[request.MetricName], searchOptions, reports, context.Cancellation),
            };
        }
        finally
        {
            progress.Finish();
        }
    }

    /// <summary>The options every fit starts from; no seed, so that the search gives each fold its own.</summary>
    private static T Template<T>(TrainSettings settings, ModelManifest manifest, CliContext context) where T : MlpOptionsBase, new()
    {
        var options = TrainerFactory.MlpOptions<T>(settings, manifest, epochCallback: null, context.Cancellation);
        options.Seed = null;
        return options;
    }

    private static void CheckMetric(TaskKind task, string name)
    {
        IEnumerable<string> names = task switch
        {
            TaskKind.Binary => BinaryMetrics.Keys,
            TaskKind.Multiclass => MulticlassMetrics.Keys,
            _ => RegressionMetrics.Keys,
        };
        if (!names.Contains(name))
            throw new UsageException($"--metric: unknown value '{name}' for {Names.Of(Names.Tasks, task)}; expected one of {string.Join(", ", names)}");
    }

    /// <summary>Forwards the search's per-fit reports to the progress line, synchronously (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SearchProgressSink(ProgressReporter progress) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value)
            => progress.Report(value.CompletedFits, double.IsFinite(value.ValidationScore)
                ? string.Create(CultureInfo.InvariantCulture, $"{value.Description}: {value.ValidationScore:0.0000}")
                : value.Description);
    }
}
