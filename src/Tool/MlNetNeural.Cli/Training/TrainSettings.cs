using MlNetNeural.Cli.Data;
using MlNetNeural.Cli.Parsing;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Cli.Training;

/// <summary>
/// The training choices shared by <c>train</c> and <c>cv</c>, read once from the command line. An
/// absent option stays <c>null</c> so that the trainer's own default (written once, in its Options) applies.
/// </summary>
internal sealed record TrainSettings
{
    /// <summary>The default <c>--seed</c>: runs are reproducible unless asked otherwise.</summary>
    public const int DefaultSeed = 1;

    /// <summary>The options both commands accept (<c>--l2</c> is listed by each command, since its meaning differs).</summary>
    public static IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("label", "NAME", "The label column (required)."),
        new("task", "TASK", "auto (the default: binary for a true/false label, multiclass for text or up to 20 whole numbers, regression otherwise; printed), binary, multiclass or regression."),
        .. Separator.FileOptions,
        new("hidden", "SIZES", $"Hidden layer sizes, e.g. 64,32; 'none' for no hidden layer (default {Sizes(Mlp.MlpOptionsBase.Defaults.HiddenLayers)}; {Sizes(Mlp.MlpOptionsBase.Defaults.SparseHiddenLayers)} on sparse features such as text)."),
        new("activation", "NAME", "Hidden activation: relu, leaky-relu, elu, selu, gelu, silu, mish, tanh, sigmoid, identity (default relu)."),
        new("optimizer", "NAME", "sgd, momentum, nesterov, rmsprop, adam, adamw (default adam)."),
        new("epochs", "N", $"Number of epochs (default {Mlp.MlpOptionsBase.Defaults.NumberOfEpochs} for the MLP, on sparse features enough for {Mlp.MlpOptionsBase.Defaults.SparseStepBudget} steps; {MlNetNeural.Perceptron.PerceptronOptionsBase.Defaults.NumberOfEpochs} for the perceptron)."),
        new("learning-rate", "RATE", $"Learning rate (default {Number(Mlp.MlpOptionsBase.Defaults.LearningRate)} for the MLP, {Number(Mlp.MlpOptionsBase.Defaults.SparseLearningRate)} on sparse features; {Number(MlNetNeural.Perceptron.PerceptronOptionsBase.Defaults.LearningRate)} for the perceptron)."),
        new("batch-size", "N", $"Examples per step: 1 = stochastic, >= rows = full batch (default {Mlp.MlpOptionsBase.Defaults.BatchSize})."),
        new("dropout", "RATE", $"Dropout rate on hidden outputs, in [0, 1) (default {Number(Mlp.MlpOptionsBase.Defaults.DropoutRate)})."),
        new("early-stopping", null, $"Also stop once the held-out rows' loss has not improved for {EarlyStoppingPatience} epochs (the MLP holds out 10% of the rows and keeps its best epoch by default)."),
        new("no-early-stopping", null, "Train on every row: no held-out rows, the last epoch is the model."),
        new("seed", "N", $"Random seed of the split, initial weights and batch order (default {DefaultSeed})."),
        new("numeric", "COLUMNS", "Comma-separated columns to use as numbers whatever was detected (unparsable values count as missing)."),
        new("categorical", "COLUMNS", "Comma-separated columns to one-hot encode whatever was detected."),
        new("text", "COLUMNS", "Comma-separated columns to featurize as text (word and character n-grams)."),
        new("ignore", "COLUMNS", "Comma-separated columns not to use."),
    ];

    // The help quotes the trainers' defaults, written once in their Options.
    private static string Sizes(int[] sizes) => string.Join(",", sizes);

    private static string Number(float value) => value.ToString("G", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The MLP-only options, refused with <c>--perceptron</c>.</summary>
    public static IReadOnlyList<string> MlpOnly { get; } = ["hidden", "activation", "optimizer", "batch-size", "l2", "dropout", "early-stopping", "no-early-stopping", "checkpoint", "resume"];

    /// <summary>The epochs without improvement after which <c>--early-stopping</c> stops.</summary>
    public const int EarlyStoppingPatience = 10;

    /// <summary>The task.</summary>
    public required TaskKind Task { get; init; }

    /// <summary>The label column.</summary>
    public required string Label { get; init; }

    /// <summary>Train a perceptron instead of an MLP (classification only).</summary>
    public bool Perceptron { get; init; }

    /// <summary><c>--hidden</c>.</summary>
    public int[]? Hidden { get; init; }

    /// <summary><c>--activation</c>.</summary>
    public Activation? Activation { get; init; }

    /// <summary><c>--optimizer</c>.</summary>
    public OptimizerKind? Optimizer { get; init; }

    /// <summary><c>--epochs</c>.</summary>
    public int? Epochs { get; init; }

    /// <summary><c>--learning-rate</c>.</summary>
    public double? LearningRate { get; init; }

    /// <summary><c>--batch-size</c>.</summary>
    public int? BatchSize { get; init; }

    /// <summary><c>--l2</c> for <c>train</c>; <c>cv</c> searches over it instead.</summary>
    public double? L2 { get; init; }

    /// <summary><c>--dropout</c>.</summary>
    public double? Dropout { get; init; }

    /// <summary><c>--early-stopping</c> (<c>true</c>), <c>--no-early-stopping</c> (<c>false</c>), or neither (<c>null</c>: the trainer's default).</summary>
    public bool? EarlyStopping { get; init; }

    /// <summary><c>--seed</c>.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary><c>--numeric</c>, <c>--categorical</c>, <c>--text</c>, <c>--ignore</c>.</summary>
    public Data.Featurization.Overrides Columns { get; init; } = Data.Featurization.Overrides.None;

    /// <summary>Reads the settings.</summary>
    /// <param name="args">The parsed command line.</param>
    /// <param name="singleL2">Whether <c>--l2</c> is one number (train) rather than a grid (cv).</param>
    /// <param name="detectTask">Reads the task off the label column, for <c>--task auto</c> or no <c>--task</c>.</param>
    public static TrainSettings Read(ParsedArguments args, bool singleL2, Func<string, TaskKind> detectTask)
    {
        string label = args.Text("label") ?? throw new UsageException("--label is required: the name of the label column");
        var task = args.Text("task") is null or "auto" ? detectTask(label) : args.Choice("task", Names.Tasks)!.Value;
        bool perceptron = args.Flag("perceptron");
        if (perceptron)
        {
            if (task == TaskKind.Regression)
                throw new UsageException("--perceptron is for classification; use --task binary or multiclass");
            if (TrainSettings.MlpOnly.FirstOrDefault(args.Has) is { } mlpOnly)
                throw new UsageException($"--{mlpOnly} is an MLP option and does not apply with --perceptron");
        }
        return new TrainSettings
        {
            Task = task,
            Label = label,
            Perceptron = perceptron,
            Hidden = args.IntList("hidden", min: 1),
            Activation = args.Choice("activation", Names.Activations),
            Optimizer = args.Choice("optimizer", Names.Optimizers),
            Epochs = args.Int("epochs", min: 1),
            LearningRate = Positive(args, "learning-rate"),
            BatchSize = args.Int("batch-size", min: 1),
            L2 = singleL2 ? NonNegative(args, "l2") : null,
            Dropout = Checked(args, "dropout", d => d >= 0 && d < 1, "must be in [0, 1)"),
            EarlyStopping = (args.Flag("early-stopping"), args.Flag("no-early-stopping")) switch
            {
                (true, true) => throw new UsageException("--early-stopping and --no-early-stopping contradict each other: give one"),
                (true, false) => true,
                (false, true) => false,
                _ => null,
            },
            Seed = args.Int("seed") ?? DefaultSeed,
            Columns = new(ColumnNames(args, "numeric"), ColumnNames(args, "categorical"), ColumnNames(args, "text"), ColumnNames(args, "ignore")),
        };
    }

    /// <summary>The options that shape a model, as given, for its manifest (not where it is written or how loudly).</summary>
    public static IReadOnlyDictionary<string, string> Recorded(ParsedArguments args) =>
        args.Given.Where(p => p.Key is not ("out" or "quiet" or "help" or "plot" or "checkpoint" or "resume"))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value ?? "");

    private static HashSet<string> ColumnNames(ParsedArguments args, string option) =>
        args.Text(option) is { } text ? [.. text.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0)] : [];

    private static double? Positive(ParsedArguments args, string name) => Checked(args, name, v => v > 0, "must be > 0");

    private static double? NonNegative(ParsedArguments args, string name) => Checked(args, name, v => v >= 0, "must be >= 0");

    /// <summary>The option's number, or <c>null</c>; a value outside <paramref name="valid"/> is a usage error.</summary>
    private static double? Checked(ParsedArguments args, string name, Func<double, bool> valid, string requirement)
    {
        var value = args.Double(name);
        if (value is { } v && !valid(v))
            throw new UsageException($"--{name} {requirement}, got {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return value;
    }
}
