using System.Globalization;
using Microsoft.ML;
using MlNetNeural.Mlp;

namespace MlNetNeural.Benchmarks.Quality;

/// <summary>
/// A named trainer of the quality benchmark: <paramref name="Create"/> makes its estimator (appended after the data set's
/// featurizer) in the context it is given, so each trainer can get a fresh <c>MLContext(seed: 1)</c>.
/// </summary>
internal sealed record QualityTrainer(string Name, bool IsOurs, Func<MLContext, IEstimator<ITransformer>> Create);

/// <summary>
/// ML.NET's built-in trainers with their defaults (<c>FastTree</c>, <c>LightGbm</c>, <c>Sdca*</c>, <c>Lbfgs*</c>) next to our
/// <c>Mlp()</c> defaults, the <see cref="MlpPreset.Classic"/> preset, and any <c>--mlp</c> variants given on the command line.
/// </summary>
internal static class QualityTrainers
{
    public static IReadOnlyList<QualityTrainer> For(QualityTask task, IReadOnlyList<string> variants)
    {
        var trainers = task switch
        {
            QualityTask.Binary => new List<QualityTrainer>
            {
                new("FastTree", false, ml => ml.BinaryClassification.Trainers.FastTree()),
                new("LightGbm", false, ml => ml.BinaryClassification.Trainers.LightGbm()),
                new("SdcaLogisticRegression", false, ml => ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
                new("LbfgsLogisticRegression", false, ml => ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
                new("Mlp() defaults", true, ml => ml.BinaryClassification.Trainers.Mlp()),
                new("Mlp(Classic preset)", true, ml => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic))),
            },
            QualityTask.Multiclass => new List<QualityTrainer>
            {
                new("OneVersusAll(FastTree)", false, ml => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree())),
                new("LightGbm", false, ml => ml.MulticlassClassification.Trainers.LightGbm()),
                new("SdcaMaximumEntropy", false, ml => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()),
                new("LbfgsMaximumEntropy", false, ml => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()),
                new("Mlp() defaults", true, ml => ml.MulticlassClassification.Trainers.Mlp()),
                new("Mlp(Classic preset)", true, ml => ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic))),
            },
            _ => new List<QualityTrainer>
            {
                new("FastTree", false, ml => ml.Regression.Trainers.FastTree()),
                new("LightGbm", false, ml => ml.Regression.Trainers.LightGbm()),
                new("Sdca", false, ml => ml.Regression.Trainers.Sdca()),
                new("LbfgsPoissonRegression", false, ml => ml.Regression.Trainers.LbfgsPoissonRegression()),
                new("Mlp() defaults", true, ml => ml.Regression.Trainers.Mlp()),
                new("Mlp(Classic preset)", true, ml => ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options(MlpPreset.Classic))),
            },
        };
        foreach (string variant in variants)
        {
            Func<MLContext, IEstimator<ITransformer>> create = task switch
            {
                QualityTask.Binary => ml => ml.BinaryClassification.Trainers.Mlp(Apply(new MlpBinaryTrainer.Options(PresetOf(variant)), variant)),
                QualityTask.Multiclass => ml => ml.MulticlassClassification.Trainers.Mlp(Apply(new MlpMulticlassTrainer.Options(PresetOf(variant)), variant)),
                _ => ml => ml.Regression.Trainers.Mlp(Apply(new MlpRegressionTrainer.Options(PresetOf(variant)), variant)),
            };
            trainers.Add(new QualityTrainer("Mlp(" + variant + ")", true, create));
        }

        return trainers;
    }

    // "Preset=Classic" starts the variant from that preset; the defaults otherwise.
    private static MlpPreset PresetOf(string variant) =>
        variant.Split(',').FirstOrDefault(p => p.StartsWith("Preset=", StringComparison.Ordinal)) is { } preset
            ? Enum.Parse<MlpPreset>(preset["Preset=".Length..])
            : MlpPreset.Tabular;

    // "Name=value,Name=value" onto the options' properties: int arrays as 256x256 ("HiddenLayers=" for none), enums by
    // name, numbers invariant.
    private static T Apply<T>(T options, string variant) where T : MlpOptionsBase
    {
        foreach (string pair in variant.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] == "Preset")
                continue;
            var property = typeof(T).GetProperty(parts[0]) ?? throw new ArgumentException($"--mlp: {typeof(T).Name} has no option '{parts[0]}'.");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value = type == typeof(int[]) ? parts[1].Split('x', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()
                : type.IsEnum ? Enum.Parse(type, parts[1])
                : Convert.ChangeType(parts[1], type, CultureInfo.InvariantCulture);
            property.SetValue(options, value);
        }

        options.Validate();
        return options;
    }
}
