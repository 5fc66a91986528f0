using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Data;

/// <summary>
/// <c>--task auto</c> (the default): the task read off the label column, every row of the file (a streamed pass, not the
/// type-guessing sample). Two distinct values ML.NET reads as true/false → binary; up to
/// <see cref="MaximumIntegerClasses"/> distinct whole numbers, or any text → multiclass; other numbers → regression.
/// </summary>
internal static class TaskDetection
{
    /// <summary>A numeric label with more distinct whole numbers than this is a quantity (regression), not a class.</summary>
    public const int MaximumIntegerClasses = 20;

    public static TaskKind Detect(DelimitedFile file, string label, TextWriter notes)
    {
        int column = DataLoading.LabelIndex(file, label);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        bool numeric = true, whole = true;
        foreach (var fields in file.AllRows())
        {
            string value = column < fields.Length ? fields[column].Trim() : "";
            if (value.Length == 0 || value == "?")
                continue;
            if (distinct.Count <= 1000)
                distinct.Add(value);
            if (numeric && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number))
                whole &= number == Math.Floor(number) && Math.Abs(number) < 1e9;
            else
                numeric = false;
        }

        if (distinct.Count == 0)
            throw new UsageException($"--task auto: label column '{label}' of '{file.Path}' has no values; give --task");
        TaskKind task;
        string why;
        if (distinct.Count <= 2 && distinct.All(DataLoading.IsBooleanWord))
            (task, why) = (TaskKind.Binary, $"{distinct.Count} distinct true/false value(s)");
        else if (!numeric)
            (task, why) = (TaskKind.Multiclass, $"{Count(distinct)} distinct text value(s)");
        else if (whole && distinct.Count <= MaximumIntegerClasses)
            (task, why) = (TaskKind.Multiclass, $"{distinct.Count} distinct whole numbers");
        else
            (task, why) = (TaskKind.Regression, whole ? $"{Count(distinct)} distinct whole numbers (more than {MaximumIntegerClasses})" : "numbers with fractions");
        notes.WriteLine($"task: {Names.Of(Names.Tasks, task)} (auto: label '{label}' has {why}; --task to choose)");
        return task;
    }

    private static string Count(HashSet<string> distinct) => distinct.Count > 1000 ? "over 1,000" : distinct.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
