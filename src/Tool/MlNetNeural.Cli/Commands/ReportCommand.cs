using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Cli.Data;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Output;
using MlNetNeural.Cli.Parsing;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Plots;

namespace MlNetNeural.Cli.Commands;

/// <summary>
/// <c>report</c>: one self-contained HTML page about a model the tool trained: the featurization table, the network,
/// the training options, the loss curves; with <c>--data</c> also the metrics on that file, its confusion table (or a
/// plot of predictions against the truth for regression) and the top features by permutation importance.
/// </summary>
internal sealed class ReportCommand : ICommand
{
    private static readonly string[] LayerTableHeader = ["layer", "units", "activation", "weights + biases"];

    /// <summary>Permutation importance scores one pass per feature slot: beyond this many slots it is left out.</summary>
    public const int MaximumImportanceSlots = 300;

    /// <summary>The rows permutation importance scores at most.</summary>
    public const int ImportanceRows = 2000;

    /// <summary>The features the importance table lists.</summary>
    public const int TopFeatures = 15;

    /// <inheritdoc />
    public string Name => "report";

    /// <inheritdoc />
    public string Summary => "Write one self-contained HTML page about a model: featurization, network, options, curves, metrics, top features.";

    /// <inheritdoc />
    public IReadOnlyList<string> Positionals { get; } = ["model"];

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("data", "FILE", "A labelled CSV/TSV to score: metrics, confusion table or prediction plot, permutation importance (use data not trained on)."),
        .. Separator.FileOptions,
        new("out", "FILE.html", "The page to write (default: the model's name with -report.html); written atomically."),
    ];

    /// <inheritdoc />
    public IReadOnlyList<string> Examples { get; } = ["mlnetneural report churn.zip --data churn-test.csv --out churn-report.html"];

    /// <inheritdoc />
    public int Run(ParsedArguments args, CliContext context)
    {
        string modelPath = args.Positionals[0];
        string output = args.Text("out") ?? Path.ChangeExtension(modelPath, null) + "-report.html";
        if (!output.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !output.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--out: '{output}' must end in .html");
        var dataFile = args.Text("data") is { } dataPath ? DelimitedFile.Open(dataPath, args) : null;
        var ml = MlNetWarnings.CreateContext(1, context);
        var (model, manifest) = ModelFile.LoadWithManifest(ml, modelPath);
        var history = ModelInspection.History(model);

        var report = new HtmlReport($"Model report: {Path.GetFileName(modelPath)}");
        report.Section("Model", HtmlReport.Table(ModelRows(manifest, history, model)));
        report.Section("Featurization", HtmlReport.Featurization(manifest));
        report.Section("Network", Network(model));
        report.Section("Training options", manifest.Options is { Count: > 0 } given
            ? HtmlReport.Table(given.Select(p => (IReadOnlyList<string>)[$"--{p.Key}", p.Value]).Prepend(["option", "value"]))
                + "<p>Options not listed were at their defaults.</p>\n"
            : "<p>Every option at its default (or the model predates the tool recording them).</p>\n");
        report.Section("Training curves", Curves(model, history));
        if (dataFile is not null)
            Scored(ml, model, manifest, dataFile, report);

        AtomicFile.Write(output, writer =>
        {
            writer.Write(report.ToString());
            return 0;
        });
        context.Out.WriteLine($"wrote {Path.GetFullPath(output)}");
        return ExitCodes.Success;
    }

    private static IEnumerable<IReadOnlyList<string>> ModelRows(ModelManifest manifest, TrainingHistory? history, ITransformer model)
    {
        yield return ["", ""];
        yield return ["trainer", manifest.Trainer];
        yield return ["task", manifest.Task.ToString().ToLowerInvariant()];
        yield return ["label", manifest.Label];
        yield return ["features", $"{manifest.Features.Count} column(s)"];
        if (history is { Epochs.Count: > 0 })
        {
            string kept = history.BestEpoch >= 0 ? $", kept epoch {history.BestEpoch + 1}" : "";
            yield return ["training", $"{history.Epochs.Count} epoch(s), stopped: {history.StopReason}{kept}"];
        }
        else if (ModelInspection.PerceptronErrors(model) is { Count: > 0 } errors)
        {
            yield return ["training", $"{errors.Count} epoch(s), misclassifications in the last: {errors[^1]}"];
        }
    }

    private static string Network(ITransformer model)
    {
        if (ModelInspection.Parameters(model) is not { } parameters)
            return "<p>No MlNetNeural model in this pipeline.</p>\n";
        DenseNetwork? network = parameters switch
        {
            MlpModelParametersBase<float> scalar => scalar.Network,
            MlpModelParametersBase<VBuffer<float>> vector => vector.Network,
            _ => null,
        };
        if (network is null)
            return $"<p>{HtmlReport.Text(parameters.GetType().Name)}: a perceptron (one linear layer).</p>\n";
        var rows = new List<IReadOnlyList<string>> { LayerTableHeader };
        int inputs = network.InputSize;
        rows.Add(["input", inputs.ToString(CultureInfo.InvariantCulture), "", ""]);
        for (int l = 0; l < network.LayerCount; l++)
        {
            int units = network.LayerSizes[l];
            string name = l == network.LayerCount - 1 ? "output" : $"hidden {l + 1}";
            rows.Add([name, units.ToString(CultureInfo.InvariantCulture), network.Activations[l].ToString(), ((long)inputs * units + units).ToString("N0", CultureInfo.InvariantCulture)]);
            inputs = units;
        }
        return HtmlReport.Table(rows);
    }

    private static string Curves(ITransformer model, TrainingHistory? history)
    {
        if (history is { Epochs.Count: > 0 })
            return HtmlReport.Picture(Png(NeuralPlots.LossCurve(history, "Training and validation loss per epoch")), "training and validation loss per epoch", "loss-curve");
        if (ModelInspection.PerceptronErrors(model) is { Count: > 0 } errors)
            return HtmlReport.Picture(Png(NeuralPlots.PerceptronErrors(errors, "Misclassifications per epoch")), "misclassifications per epoch", "loss-curve");
        return "<p>The model recorded no training history.</p>\n";
    }

    private static void Scored(MLContext ml, ITransformer model, ModelManifest manifest, DelimitedFile file, HtmlReport report)
    {
        var data = DataLoading.Load(ml, file, manifest, requireLabel: true);
        var scored = model.Transform(data);
        var metrics = new StringWriter();
        MetricsPrinter.Print(ml, scored, manifest, metrics);
        report.Section($"Metrics on {Path.GetFileName(file.Path)}", HtmlReport.Preformatted(metrics.ToString()));
        if (manifest.Task == TaskKind.Regression)
        {
            var truth = scored.GetColumn<float>(manifest.Label).Select(v => (double)v).ToArray();
            var predicted = scored.GetColumn<float>("Score").Select(v => (double)v).ToArray();
            var plot = NeuralPlots.PredictedVersusActual(truth, predicted, $"Predicted against true '{manifest.Label}'");
            report.Section("Predictions", HtmlReport.Picture(Png(plot), "predicted against true values", "residual-plot"));
        }
        report.Section("Top features by permutation importance", Importance(ml, model, manifest, data, scored.Schema));
    }

    // ML.NET's permutation importance on the trained model's feature slots (a one-hot column has a slot per value):
    // the drop in the task's headline metric when a slot's values are shuffled among the rows.
    private static string Importance(MLContext ml, ITransformer model, ModelManifest manifest, IDataView data, DataViewSchema scoredSchema)
    {
        int slots = scoredSchema[manifest.FeatureColumn].Type is VectorDataViewType { Size: > 0 } vector ? vector.Size : 0;
        if (slots == 0 || slots > MaximumImportanceSlots)
            return $"<p>Left out: the model has {slots} feature slots, and permutation importance scores the data once per slot (at most {MaximumImportanceSlots}).</p>\n";

        // The trainer's own transformer, on the data as the steps before it leave it.
        var parts = ModelFile.Flatten(model).ToList();
        int at = parts.FindLastIndex(t => t is ISingleFeaturePredictionTransformer<object>);
        var predictor = (ISingleFeaturePredictionTransformer<object>)parts[at];
        var input = parts.Take(at).Aggregate(data, (view, step) => step.Transform(view));
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        var column = input.Schema[predictor.FeatureColumnName];
        if (column.HasSlotNames())
            column.GetSlotNames(ref names);
        string SlotName(int slot) => names.Length > slot && names.GetItemOrDefault(slot).Length > 0 ? names.GetItemOrDefault(slot).ToString() : $"slot {slot}";

        (string Metric, double[] Drops) result = manifest.Task switch
        {
            TaskKind.Binary => ("AUC", [.. ml.BinaryClassification.PermutationFeatureImportance(predictor, input, manifest.Label, numberOfExamplesToUse: ImportanceRows)
                .Select(m => -m.AreaUnderRocCurve.Mean)]),
            TaskKind.Multiclass => ("micro-accuracy", [.. ml.MulticlassClassification.PermutationFeatureImportance(predictor, input, manifest.Label, numberOfExamplesToUse: ImportanceRows)
                .Select(m => -m.MicroAccuracy.Mean)]),
            _ => ("R²", [.. ml.Regression.PermutationFeatureImportance(predictor, input, manifest.Label, numberOfExamplesToUse: ImportanceRows)
                .Select(m => -m.RSquared.Mean)]),
        };
        var top = result.Drops.Select((drop, slot) => (Slot: SlotName(slot), Drop: drop)).OrderByDescending(d => d.Drop).Take(TopFeatures);
        return HtmlReport.Table(top.Select(d => (IReadOnlyList<string>)[d.Slot, HtmlReport.Number(d.Drop)]).Prepend(["feature slot", $"drop in {result.Metric}"]))
            + $"<p>On up to {ImportanceRows} rows of the file, one permutation each.</p>\n";
    }

    private static byte[] Png(ScottPlot.Plot plot) => plot.GetImageBytes(NeuralPlots.DefaultWidth, NeuralPlots.DefaultHeight, ScottPlot.ImageFormat.Png);
}
