using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Data;

/// <summary>
/// Builds ML.NET text loaders by column name: for training from the header (label + the columns the featurization
/// uses), for scoring from a model's manifest (columns found by name, in any order, label optional).
/// </summary>
internal static class DataLoading
{
    /// <summary>The label values ML.NET reads as Boolean (its own parser: trimmed, any casing).</summary>
    private static readonly HashSet<string> BooleanWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "t", "yes", "y", "1", "+1", "+", "false", "f", "no", "n", "0", "-1", "-",
    };

    /// <summary>The label's column index; a usage error naming the file's columns when there is none.</summary>
    public static int LabelIndex(DelimitedFile file, string label)
    {
        int index = file.IndexOf(label);
        if (index < 0)
            throw new UsageException($"--label: '{label}' is not a column of '{file.Path}' (columns: {Describe(file.Header)})");
        return index;
    }

    /// <summary>Whether ML.NET reads <paramref name="value"/> as a Boolean label.</summary>
    public static bool IsBooleanWord(string value) => BooleanWords.Contains(value);

    /// <summary>
    /// Plans training columns: the label must exist and suit the task; every other column is featurized as
    /// <see cref="Featurization"/> decides from one pass over every row, and the table of choices is written to
    /// <paramref name="notes"/>.
    /// </summary>
    public static ModelManifest PlanTraining(DelimitedFile file, string label, TaskKind task, string trainer, Featurization.Overrides overrides, TextWriter notes)
    {
        int labelIndex = LabelIndex(file, label);
        CheckLabel(file, labelIndex, task, training: true);

        var columns = Featurization.Plan(ColumnProfile.Of(file), labelIndex, overrides);
        var features = columns.Where(c => c.Kind != FeatureKind.Excluded).Select(c => c.Name).ToList();
        if (features.Count == 0)
            throw new UsageException($"'{file.Path}' has no column besides the label '{label}' to use as features: " +
                (columns.Count == 0 ? "it has no other column" : string.Join(", ", columns.Take(4).Select(c => $"'{c.Name}' ({c.Detected})")) + (columns.Count > 4 ? ", …" : "") +
                "; --numeric, --categorical or --text choose one"));
        Featurization.Print(columns, notes);
        return new ModelManifest
        {
            Task = task,
            Label = label,
            Features = features,
            FeatureColumn = UniqueName("Features", file.Header),
            Trainer = trainer,
            Columns = columns,
        };
    }

    /// <summary>Loads <paramref name="file"/> with the manifest's columns; the label is required for training and evaluation.</summary>
    public static IDataView Load(MLContext ml, DelimitedFile file, ModelManifest manifest, bool requireLabel)
    {
        var columns = new List<TextLoader.Column>();
        var missing = manifest.Features.Where(f => file.IndexOf(f) < 0).ToList();
        if (missing.Count > 0)
            throw new UsageException($"'{file.Path}' lacks the feature column(s) {Describe(missing)} the model needs");
        foreach (string feature in manifest.Features)
            columns.Add(new TextLoader.Column(feature, manifest.KindOf(feature) is FeatureKind.Categorical or FeatureKind.Text ? DataKind.String : DataKind.Single, file.IndexOf(feature)));

        int labelIndex = file.IndexOf(manifest.Label);
        if (labelIndex >= 0)
        {
            CheckLabel(file, labelIndex, manifest.Task);
            columns.Add(new TextLoader.Column(manifest.Label, LabelKind(manifest.Task), labelIndex));
        }
        else if (requireLabel)
        {
            throw new UsageException($"'{file.Path}' has no label column '{manifest.Label}' to evaluate against");
        }
        else if (manifest.Task == TaskKind.Multiclass)
        {
            // The saved pipeline starts by mapping the label to a key, so the column must exist; a
            // source index past the last field reads as empty text, which maps to the missing key.
            columns.Add(new TextLoader.Column(manifest.Label, DataKind.String, file.Header.Count));
        }

        // Version 2 pipelines replace missing numbers, so an empty numeric field is read as missing (NaN), as ?, NA
        // and N/A are; version 1 models read it as 0, as they were trained.
        var loaded = ml.Data.LoadFromTextFile(file.Path, new TextLoader.Options
        {
            Columns = [.. columns],
            Separators = [file.SeparatorChar],
            HasHeader = file.HasHeader,
            AllowQuoting = file.SeparatorChar != '\t', // a TSV field is never quoted: a quote in it is text
            TrimWhitespace = file.SeparatorChar != ' ',
            MissingRealsAsNaNs = manifest.Columns is not null,
        });
        return ml.Data.Cache(loaded);
    }

    /// <summary>The ML.NET type of the label column for a task.</summary>
    public static DataKind LabelKind(TaskKind task) => task switch
    {
        TaskKind.Binary => DataKind.Boolean,
        TaskKind.Regression => DataKind.Single,
        _ => DataKind.String,
    };

    // Every row, streamed (a value that breaks the task after the first thousands of rows is found too); for training
    // also at least two distinct values, or there is nothing to learn.
    private static void CheckLabel(DelimitedFile file, int labelIndex, TaskKind task, bool training = false)
    {
        string label = file.Header[labelIndex];
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        int row = 0;
        foreach (var fields in file.AllRows())
        {
            row++;
            string value = labelIndex < fields.Length ? fields[labelIndex].Trim() : "";
            if (DelimitedFile.IsMissing(value))
                continue;
            if (task == TaskKind.Binary && !BooleanWords.Contains(value))
                throw new UsageException($"--task binary needs a true/false (or 1/0, yes/no) label, but column '{label}' has '{value}' in data row {row} (use --task multiclass for other labels)");
            if (task == TaskKind.Regression && !DelimitedFile.IsNumber(value))
                throw new UsageException($"--task regression needs a numeric label, but column '{label}' has '{value}' in data row {row}");
            if (distinct.Count < 2)
                distinct.Add(value);
        }
        if (training && distinct.Count < 2)
            throw new UsageException(distinct.Count == 0
                ? $"label column '{label}' of '{file.Path}' has no values to learn from"
                : $"label column '{label}' of '{file.Path}' has one value only ('{distinct.First()}'): there is nothing to learn");
    }

    /// <summary>A name that is not one of <paramref name="taken"/>: <paramref name="wanted"/>, else wanted.1, wanted.2, …</summary>
    private static string UniqueName(string wanted, IReadOnlyList<string> taken)
    {
        string name = wanted;
        for (int i = 1; taken.Contains(name); i++)
            name = $"{wanted}.{i}";
        return name;
    }

    /// <summary>Column names for a message, quoted, at most eight.</summary>
    private static string Describe(IReadOnlyList<string> names)
        => string.Join(", ", names.Take(8).Select(n => $"'{n}'")) + (names.Count > 8 ? $", … ({names.Count} in all)" : "");
}
