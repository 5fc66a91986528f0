using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Parsing;
using MlNetNeural.Mlp;
using MlNetNeural.Perceptron;

namespace MlNetNeural.Cli.Training;

/// <summary>Turns <see cref="TrainSettings"/> into the trainers' Options and the saved pipeline.</summary>
internal static class TrainerFactory
{
    /// <summary>Which command-line option sets each Options property, to name the culprit when validation fails.</summary>
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        [nameof(MlpOptionsBase.HiddenLayers)] = "--hidden",
        [nameof(MlpOptionsBase.NumberOfEpochs)] = "--epochs",
        [nameof(MlpOptionsBase.LearningRate)] = "--learning-rate",
        [nameof(MlpOptionsBase.BatchSize)] = "--batch-size",
        [nameof(MlpOptionsBase.L2Regularization)] = "--l2",
        [nameof(MlpOptionsBase.DropoutRate)] = "--dropout",
        [nameof(MlpOptionsBase.HiddenActivation)] = "--activation",
        [nameof(MlpOptionsBase.Optimizer)] = "--optimizer",
        [nameof(MlpOptionsBase.CheckpointPath)] = "--checkpoint",
        [nameof(MlpOptionsBase.ResumeFromCheckpoint)] = "--resume",
    };

    /// <summary><c>--checkpoint</c> and <c>--resume</c>: the checkpoint file, and whether to continue from it.</summary>
    /// <param name="Path">The checkpoint file.</param>
    /// <param name="Resume">Whether to continue from it if it exists.</param>
    public sealed record Checkpointing(string Path, bool Resume);

    /// <summary>The trainer's type name, for the manifest and messages.</summary>
    public static string TrainerName(TrainSettings settings) => (settings.Task, settings.Perceptron) switch
    {
        (TaskKind.Binary, false) => nameof(MlpBinaryTrainer),
        (TaskKind.Multiclass, false) => nameof(MlpMulticlassTrainer),
        (TaskKind.Regression, _) => nameof(MlpRegressionTrainer),
        (TaskKind.Binary, true) => nameof(PerceptronBinaryTrainer),
        (TaskKind.Multiclass, true) => nameof(PerceptronMulticlassTrainer),
        _ => throw new ArgumentOutOfRangeException(nameof(settings)),
    };

    /// <summary>MLP options of type <typeparamref name="T"/> from the settings; absent settings keep the Options' defaults.</summary>
    public static T MlpOptions<T>(TrainSettings settings, ModelManifest manifest, Func<Mlp.EpochRecord, bool>? epochCallback, CancellationToken cancellation,
        Checkpointing? checkpoint = null)
        where T : MlpOptionsBase, new()
    {
        var options = new T
        {
            LabelColumnName = manifest.Label,
            FeatureColumnName = manifest.FeatureColumn,
            Seed = settings.Seed,
            CancellationToken = cancellation,
            EpochCallback = epochCallback,
            CheckpointPath = checkpoint?.Path,
            ResumeFromCheckpoint = checkpoint?.Resume ?? false,
        };
        // Neither flag: the trainer's own default (a 10 % holdout, the best epoch kept), as in code.
        if (settings.EarlyStopping is { } earlyStopping)
            options.EarlyStopping = earlyStopping;
        if (settings.EarlyStopping == true)
            options.Patience = TrainSettings.EarlyStoppingPatience;
        if (settings.Hidden is { } hidden)
            options.HiddenLayers = hidden;
        if (settings.Activation is { } activation)
            options.HiddenActivation = activation;
        if (settings.Optimizer is { } optimizer)
            options.Optimizer = optimizer;
        if (settings.Epochs is { } epochs)
            options.NumberOfEpochs = epochs;
        if (settings.LearningRate is { } rate)
            options.LearningRate = (float)rate;
        if (settings.BatchSize is { } batch)
            options.BatchSize = batch;
        if (settings.L2 is { } l2)
            options.L2Regularization = (float)l2;
        if (settings.Dropout is { } dropout)
            options.DropoutRate = (float)dropout;
        Validate(options);
        return options;
    }

    /// <summary>
    /// The trainer for <c>train</c>. After every epoch, of either trainer kind, <paramref name="epochDone"/> receives the
    /// epoch's number (from 1) and a one-line summary of it; an MLP stops when it returns <c>false</c>.
    /// </summary>
    /// <remarks>With <paramref name="checkpoint"/>, the MLP gets no cancellation token: its epoch callback stops it instead, which saves a checkpoint.</remarks>
    public static IEstimator<ITransformer> Create(MLContext ml, TrainSettings settings, ModelManifest manifest, Func<int, string, bool>? epochDone,
        CancellationToken cancellation, Checkpointing? checkpoint = null)
    {
        if (settings.Perceptron)
        {
            // A perceptron saves no checkpoints and stops on the cancellation token, so the callback's answer is not asked.
            Func<PerceptronEpochRecord, bool>? perceptronDone = epochDone is null ? null : record =>
            {
                epochDone(record.Epoch + 1, $"misclassified {record.Misclassifications} of {record.Examples}");
                return true;
            };
            return settings.Task == TaskKind.Binary
                ? ml.BinaryClassification.Trainers.Perceptron(Perceptron(new PerceptronBinaryTrainer.Options(), settings, manifest, perceptronDone, cancellation))
                : ml.MulticlassClassification.Trainers.Perceptron(Perceptron(new PerceptronMulticlassTrainer.Options(), settings, manifest, perceptronDone, cancellation));
        }
        if (checkpoint is not null)
            cancellation = CancellationToken.None;
        Func<Mlp.EpochRecord, bool>? epochCallback = epochDone is null ? null : record => epochDone(record.Epoch + 1, Summary(record));
        return settings.Task switch
        {
            TaskKind.Binary => ml.BinaryClassification.Trainers.Mlp(MlpOptions<MlpBinaryTrainer.Options>(settings, manifest, epochCallback, cancellation, checkpoint)),
            TaskKind.Multiclass => ml.MulticlassClassification.Trainers.Mlp(MlpOptions<MlpMulticlassTrainer.Options>(settings, manifest, epochCallback, cancellation, checkpoint)),
            _ => ml.Regression.Trainers.Mlp(MlpOptions<MlpRegressionTrainer.Options>(settings, manifest, epochCallback, cancellation, checkpoint)),
        };
    }

    /// <summary>
    /// The feature preparation of the manifest's columns (see <see cref="Data.Featurization"/>): each column's own
    /// steps; the numbers (and missing indicators) in one vector, standardized; then one vector of everything. One-hot
    /// slots are 0/1 and FeaturizeText's are normalized per row already, and ML.NET's mean-variance normalizer costs
    /// time quadratic in the slot count (a text column's 10⁴–10⁵ slots took minutes), so they are not standardized again.
    /// </summary>
    public static IEstimator<ITransformer> Features(MLContext ml, ModelManifest manifest)
    {
        var taken = new HashSet<string>(manifest.Columns?.Select(c => c.Name) ?? manifest.Features) { manifest.Label, manifest.FeatureColumn };
        string Fresh(string wanted)
        {
            string name = wanted;
            for (int i = 1; !taken.Add(name); i++)
                name = $"{wanted}.{i}";
            return name;
        }

        IEstimator<ITransformer> steps = new EstimatorChain<ITransformer>();
        var numbers = new List<string>();
        var parts = new List<string>();
        foreach (string feature in manifest.Features)
        {
            switch (manifest.KindOf(feature))
            {
                case FeatureKind.Numeric:
                    steps = steps.Append(ml.Transforms.ReplaceMissingValues(feature, feature)); // a value missing only when predicting
                    numbers.Add(feature);
                    break;
                case FeatureKind.NumericWithMissing:
                    string missing = Fresh(feature + ".missing");
                    steps = steps.Append(ml.Transforms.IndicateMissingValues(missing, feature))
                        .Append(ml.Transforms.Conversion.ConvertType(missing, missing, DataKind.Single))
                        .Append(ml.Transforms.ReplaceMissingValues(feature, feature));
                    numbers.Add(feature);
                    numbers.Add(missing);
                    break;
                case FeatureKind.Categorical:
                    // Kept values map to themselves; rarer, empty and new values map to the empty text, which the
                    // one-hot encoding leaves all zeros: the "other" case.
                    string category = Fresh(feature + ".category");
                    var kept = manifest.Columns!.First(c => c.Name == feature).Categories
                        .Select(v => new KeyValuePair<ReadOnlyMemory<char>, ReadOnlyMemory<char>>(v.AsMemory(), v.AsMemory()));
                    steps = steps.Append(ml.Transforms.Conversion.MapValue(category, kept, feature))
                        .Append(ml.Transforms.Categorical.OneHotEncoding(category, category));
                    parts.Add(category);
                    break;
                case FeatureKind.Text:
                    string text = Fresh(feature + ".text");
                    steps = steps.Append(ml.Transforms.Text.FeaturizeText(text, feature));
                    parts.Add(text);
                    break;
            }
        }

        if (numbers.Count > 0)
        {
            string standardized = Fresh("Numbers");
            steps = steps.Append(ml.Transforms.Concatenate(standardized, [.. numbers])).Append(ml.Transforms.NormalizeMeanVariance(standardized));
            parts.Insert(0, standardized);
        }
        return steps.Append(ml.Transforms.Concatenate(manifest.FeatureColumn, [.. parts]));
    }

    /// <summary>
    /// Fits the saved pipeline: features, then the trainer; for multiclass the label is mapped to a key
    /// first and the predicted key back to the label's text last.
    /// </summary>
    public static ITransformer Fit(MLContext ml, ModelManifest manifest, IEstimator<ITransformer> trainer, IDataView data)
    {
        var pipeline = Features(ml, manifest).Append(trainer);
        if (manifest.Task != TaskKind.Multiclass)
            return pipeline.Fit(data);
        var labelToKey = LabelToKey(ml, manifest).Fit(data);
        var keyed = labelToKey.Transform(data);
        return WithLabels(ml, labelToKey, pipeline.Fit(keyed), keyed);
    }

    /// <summary>
    /// Wraps a multiclass model between the label-to-key mapping and a key-to-label mapping of
    /// <c>PredictedLabel</c>, so predictions read as the original labels.
    /// </summary>
    /// <remarks>
    /// The key-to-label step is fitted on the trained model's actual output rather than appended to the
    /// estimator chain: the MlNetNeural multiclass trainers' declared output schema (SchemaShape) does
    /// not carry the label's key values on PredictedLabel, so EstimatorChain's up-front schema check
    /// refuses MapKeyToValue, although the fitted model's output does carry them.
    /// </remarks>
    public static ITransformer WithLabels(MLContext ml, ITransformer labelToKey, ITransformer model, IDataView keyed)
    {
        var keyToValue = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(model.Transform(keyed));
        return new TransformerChain<ITransformer>(labelToKey, model, keyToValue);
    }

    /// <summary>The multiclass label mapping: label text to a key, classes in sorted order.</summary>
    public static IEstimator<ITransformer> LabelToKey(MLContext ml, ModelManifest manifest)
        => ml.Transforms.Conversion.MapValueToKey(manifest.Label, keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue);

    private static T Perceptron<T>(T options, TrainSettings settings, ModelManifest manifest, Func<PerceptronEpochRecord, bool>? epochCallback,
        CancellationToken cancellation) where T : PerceptronOptionsBase
    {
        options.EpochCallback = epochCallback;
        options.LabelColumnName = manifest.Label;
        options.FeatureColumnName = manifest.FeatureColumn;
        options.Seed = settings.Seed;
        options.CancellationToken = cancellation;
        if (settings.Epochs is { } epochs)
            options.NumberOfEpochs = epochs;
        if (settings.LearningRate is { } rate)
            options.LearningRate = (float)rate;
        Validate(options);
        return options;
    }

    /// <summary>An MLP epoch on the progress line: its training loss, and its validation loss when it has one.</summary>
    private static string Summary(Mlp.EpochRecord record)
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"loss {record.TrainingLoss:0.000000}");
        return double.IsFinite(record.ValidationLoss)
            ? text + string.Create(CultureInfo.InvariantCulture, $"  val_loss {record.ValidationLoss:0.000000}")
            : text;
    }

    /// <summary>Runs the Options' own validation and reports a failure as a usage error naming the command-line option.</summary>
    private static void Validate(TrainerOptionsBase options)
    {
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            if (!OptionOf.TryGetValue(e.Option, out var flag))
                throw new UsageException(e.Message);
            string where = e.Element.Length == 0 ? flag : $"{flag} ({e.Option}{e.Element})";
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{where} must be {e.Requirement}; it was {e.ActualValue}"));
        }
    }
}
