using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Golden;

/// <summary>Runs only when <c>MLNETNEURAL_REGENERATE_GOLDEN=1</c>: the golden files are written once, not by every build.</summary>
public sealed class RegenerateGoldenFactAttribute : FactAttribute
{
    public const string Variable = "MLNETNEURAL_REGENERATE_GOLDEN";

    public RegenerateGoldenFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"Writes the committed golden model files; set {Variable}=1 to regenerate them (only for a deliberate new format version).";
    }
}

/// <summary>Runs only when <c>MLNETNEURAL_RESCORE_GOLDEN=1</c>: rewrites the golden CSVs' expected scores, not the zips.</summary>
public sealed class RescoreGoldenFactAttribute : FactAttribute
{
    public const string Variable = "MLNETNEURAL_RESCORE_GOLDEN";

    public RescoreGoldenFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"Rewrites the golden CSVs' expected scores; set {Variable}=1 only for a deliberate change of scoring arithmetic (Golden/README.md).";
    }
}

/// <summary>
/// Writes the golden model zips and their CSVs into the source folder tests/MlNetNeural.Tests/Golden.
/// Regenerating them defeats their purpose — they are the files an earlier build wrote — so do it only
/// when a format version is bumped on purpose, keep the old files as well, and record it in Golden/README.md.
/// </summary>
public sealed class GoldenModelGenerator
{
    [RegenerateGoldenFact]
    public void Regenerate_golden_model_files()
    {
        string folder = SourceFolder();
        foreach (var kind in GoldenModels.All)
        {
            var ml = new MLContext(seed: 1);
            var (train, fixedRows) = Split(kind);
            var (model, trainView) = Train(ml, kind, train);

            string zip = Path.Combine(folder, kind.Name + ".zip");
            ml.Model.Save(model, trainView.Schema, zip);

            // The expected scores are the reloaded model's, and must equal the in-memory model's.
            var columns = OutputColumns(kind);
            var fresh = new MLContext(seed: 1);
            var loaded = fresh.Model.Load(zip, out _);
            var expected = GoldenModels.Score(fresh, loaded, fixedRows, columns.Select(c => c.Column));
            var inMemory = GoldenModels.Score(ml, model, fixedRows, columns.Select(c => c.Column));
            foreach (var (column, _) in columns)
            {
                Assert.Equal(Scores.Bits(inMemory[column]), Scores.Bits(expected[column]));
                Assert.All(expected[column], v => Assert.True(float.IsFinite(v)));
            }
            GoldenModels.WriteCsv(Path.Combine(folder, kind.Name + ".csv"), fixedRows,
                columns.Select(c => (c.Column, c.Width, expected[c.Column])).ToList());
        }
    }

    /// <summary>
    /// Rewrites only the expected scores of each committed zip, leaving the zips alone: for a deliberate change
    /// of scoring arithmetic (an order of summation), never of a format. Refuses a change beyond rounding.
    /// </summary>
    [RescoreGoldenFact]
    public void Rescore_golden_csvs_from_the_committed_zips()
    {
        string folder = SourceFolder();
        foreach (var kind in GoldenModels.All)
        {
            string csv = Path.Combine(folder, kind.Name + ".csv");
            var old = GoldenModels.ReadCsv(csv);
            var ml = new MLContext(seed: 1);
            var model = ml.Model.Load(Path.Combine(folder, kind.Name + ".zip"), out _);
            var columns = OutputColumns(kind);
            var rescored = GoldenModels.Score(ml, model, old.Features, columns.Select(c => c.Column));
            foreach (var (column, _) in columns)
            {
                for (int i = 0; i < rescored[column].Length; i++)
                {
                    float before = old.Outputs[column][i], after = rescored[column][i];
                    Assert.True(Math.Abs(before - after) <= 1e-5f * Math.Max(1f, Math.Abs(before)), $"{kind.Name} {column}[{i}]: {before} → {after} is more than rounding.");
                }
            }
            GoldenModels.WriteCsv(csv, old.Features, columns.Select(c => (c.Column, c.Width, rescored[c.Column])).ToList());
        }
    }

    /// <summary>tests/MlNetNeural.Tests/Golden, found by walking up from the test assembly to the project file.</summary>
    private static string SourceFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlNetNeural.Tests.csproj")))
                return Path.Combine(dir.FullName, "Golden");
        }
        throw new InvalidOperationException($"No MlNetNeural.Tests.csproj above {AppContext.BaseDirectory}.");
    }

    private static IReadOnlyList<(string Column, int Width)> OutputColumns(GoldenModels.Kind kind)
    {
        if (kind == GoldenModels.MlpBinary)
            return [("Score", 1), ("Probability", 1)];
        if (kind == GoldenModels.PerceptronMulticlass || kind == GoldenModels.MlpMulticlass)
            return [("Score", 3)];
        return [("Score", 1)];
    }

    private sealed record Rows(float[][] Features, string[] Labels);

    /// <summary>
    /// Reads the leading rows and features, standardizes them with the training rows' mean and
    /// deviation (so the zip holds only our transformer), and returns the training rows and the fixed
    /// inputs: six held-out rows, an all-zero row and a far-out row of ±4.
    /// </summary>
    private static (Rows Train, float[][] Fixed) Split(GoldenModels.Kind kind)
    {
        var lines = File.ReadLines(Datasets.PathOf(kind.Dataset)).Skip(1).Take(kind.Rows).Select(l => l.Split(',')).ToArray();
        var features = lines.Select(c => c.Take(kind.Features).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var labels = lines.Select(c => c[^1]).ToArray();
        var trainIndex = Enumerable.Range(0, lines.Length).Where(i => i % kind.HoldoutStep != 0).ToArray();
        var fixedIndex = Enumerable.Range(0, lines.Length).Where(i => i % kind.HoldoutStep == 0).Take(6).ToArray();

        var mean = new double[kind.Features];
        var std = new double[kind.Features];
        for (int j = 0; j < kind.Features; j++)
        {
            mean[j] = trainIndex.Average(i => features[i][j]);
            std[j] = Math.Sqrt(trainIndex.Average(i => Math.Pow(features[i][j] - mean[j], 2)));
        }
        float[] Standardize(double[] row) => row.Select((v, j) => (float)((v - mean[j]) / std[j])).ToArray();

        var train = new Rows(trainIndex.Select(i => Standardize(features[i])).ToArray(), trainIndex.Select(i => labels[i]).ToArray());
        var fixedRows = fixedIndex.Select(i => Standardize(features[i]))
            .Append(new float[kind.Features])
            .Append(Enumerable.Range(0, kind.Features).Select(j => j % 2 == 0 ? 4f : -4f).ToArray())
            .ToArray();
        return (train, fixedRows);
    }

    private static (ITransformer Model, IDataView TrainView) Train(MLContext ml, GoldenModels.Kind kind, Rows train)
    {
        if (kind == GoldenModels.PerceptronBinary)
        {
            var view = BinaryView(ml, train);
            return (ml.BinaryClassification.Trainers.Perceptron(new PerceptronBinaryTrainer.Options { NumberOfEpochs = 5, Seed = 1 }).Fit(view), view);
        }
        if (kind == GoldenModels.PerceptronMulticlass)
        {
            var view = MulticlassView(ml, train);
            return (ml.MulticlassClassification.Trainers.Perceptron(new PerceptronMulticlassTrainer.Options { NumberOfEpochs = 5, Seed = 1 }).Fit(view), view);
        }
        if (kind == GoldenModels.MlpBinary)
        {
            var view = BinaryView(ml, train);
            var options = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [6], HiddenActivation = Activation.Tanh, LearningRate = 0.05f, NumberOfEpochs = 30, Seed = 1 };
            return (ml.BinaryClassification.Trainers.Mlp(options).Fit(view), view);
        }
        if (kind == GoldenModels.MlpMulticlass)
        {
            var view = MulticlassView(ml, train);
            var options = new MlpMulticlassTrainer.Options(MlpPreset.Classic) { HiddenLayers = [5], HiddenActivation = Activation.Relu, LearningRate = 0.05f, NumberOfEpochs = 30, Seed = 1 };
            return (ml.MulticlassClassification.Trainers.Mlp(options).Fit(view), view);
        }
        if (kind == GoldenModels.MlpRegression)
        {
            var view = RegressionView(ml, train);
            var options = new MlpRegressionTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4, 3], HiddenActivation = Activation.Elu, LearningRate = 0.02f, NumberOfEpochs = 30, Seed = 1 };
            return (ml.Regression.Trainers.Mlp(options).Fit(view), view);
        }
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown golden model kind.");
    }

    private static IDataView BinaryView(MLContext ml, Rows rows) =>
        Datasets.FromRows(ml, rows.Features, rows.Labels.Select(l => bool.Parse(l)).ToArray());

    private static IDataView MulticlassView(MLContext ml, Rows rows)
    {
        var view = WithFeatureSize(ml, rows.Features.Select((f, i) => new NamedRow { Features = f, Label = rows.Labels[i] }), rows.Features[0].Length);
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(view).Transform(view);
    }

    private static IDataView RegressionView(MLContext ml, Rows rows) =>
        WithFeatureSize(ml, rows.Features.Select((f, i) => new ValueRow { Features = f, Label = float.Parse(rows.Labels[i], CultureInfo.InvariantCulture) }), rows.Features[0].Length);

    private static IDataView WithFeatureSize<T>(MLContext ml, IEnumerable<T> rows, int size) where T : class
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    public sealed class NamedRow
    {
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    public sealed class ValueRow
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
