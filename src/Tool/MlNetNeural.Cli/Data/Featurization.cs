using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Data;

/// <summary>
/// Chooses, per column, what a user would write by hand, from the column's <see cref="ColumnProfile"/> (every row read):
/// <list type="bullet">
/// <item>numbers: standardized with the other features; with missing values also replaced by the column's mean
/// (ML.NET's <c>ReplaceMissingValues</c>) next to a 0/1 is-missing indicator;</item>
/// <item>text with at most <see cref="MaximumCategories"/> values: one-hot, a slot for each value seen at least
/// <see cref="MinimumCategoryCount"/> times; the rarer ones, empty values and values first seen when predicting are the
/// "other" case, all zeros;</item>
/// <item>free text (at least <see cref="FreeTextWords"/> words a value on average) and text with more values: ML.NET's
/// <c>FeaturizeText</c> (word and character n-grams);</item>
/// <item>excluded, with the reason: a constant column (one value), dates (their parts, such as the weekday, are what a
/// model can use, and ML.NET has no transform for them), and an identifier: short text whose values are
/// (nearly) all distinct, whole numbers all distinct, or more than <see cref="ColumnProfile.DistinctCap"/> increasing
/// whole numbers.</item>
/// </list>
/// <c>--numeric</c>, <c>--categorical</c>, <c>--text</c> and <c>--ignore</c> override the choice by column name.
/// </summary>
internal static class Featurization
{
    /// <summary>The most distinct values a text column may have to be one-hot encoded.</summary>
    public const int MaximumCategories = 100;

    /// <summary>A category needs this many rows for a slot of its own; rarer ones share the "other" slot.</summary>
    public const int MinimumCategoryCount = 3;

    /// <summary>The mean words per value from which a text column is free text.</summary>
    public const double FreeTextWords = 5;

    /// <summary>The share of distinct values from which a short-text column is an identifier.</summary>
    public const double IdentifierShare = 0.95;

    /// <summary>Rows below which no column is called an identifier (a few rows are all distinct by chance).</summary>
    public const int IdentifierMinimumRows = 20;

    /// <summary>The overrides, by column name.</summary>
    public sealed record Overrides(IReadOnlySet<string> Numeric, IReadOnlySet<string> Categorical, IReadOnlySet<string> Text, IReadOnlySet<string> Ignore)
    {
        /// <summary>No overrides.</summary>
        public static Overrides None { get; } = new(new HashSet<string>(), new HashSet<string>(), new HashSet<string>(), new HashSet<string>());
    }

    /// <summary>The plan for every column but the label, in file order, excluded columns included (with their reason).</summary>
    public static IReadOnlyList<FeatureColumnPlan> Plan(IReadOnlyList<ColumnProfile> profiles, int labelIndex, Overrides overrides)
    {
        CheckOverrides(profiles, labelIndex, overrides);
        var plans = new List<FeatureColumnPlan>();
        for (int i = 0; i < profiles.Count; i++)
        {
            if (i != labelIndex)
                plans.Add(Decide(profiles[i], overrides));
        }
        return plans;
    }

    private static FeatureColumnPlan Decide(ColumnProfile p, Overrides overrides)
    {
        string missing = p.Missing > 0 ? $", {p.Missing} missing" : "";
        if (overrides.Ignore.Contains(p.Name))
            return new(p.Name, FeatureKind.Excluded, "--ignore", []);
        if (overrides.Numeric.Contains(p.Name))
            return Numeric(p, "--numeric");
        if (overrides.Categorical.Contains(p.Name))
            return Categorical(p, "--categorical");
        if (overrides.Text.Contains(p.Name))
            return new(p.Name, FeatureKind.Text, $"--text{missing}", []);

        int present = p.Rows - p.Missing;
        if (present == 0)
            return new(p.Name, FeatureKind.Excluded, "empty: every value missing", []);
        if (p.Distinct == 1 && !p.ManyValued)
            return new(p.Name, FeatureKind.Excluded, $"constant: every value is the same{missing}", []);
        bool allDistinct = !p.ManyValued && p.Distinct == present;
        if (p.AllNumbers)
        {
            // Distinct values are counted up to a cap: past it, a column of increasing whole numbers is a row number.
            if (p.AllWholeNumbers && present >= IdentifierMinimumRows && (allDistinct || (p.ManyValued && p.Increasing)))
                return new(p.Name, FeatureKind.Excluded, allDistinct ? "identifier: whole numbers, all distinct" : "identifier: increasing whole numbers", []);
            return Numeric(p, "numbers");
        }
        if (p.AllDates)
            return new(p.Name, FeatureKind.Excluded, "dates: not featurized (give the parts that matter as numeric columns)", []);
        if (p.MeanWords >= FreeTextWords)
            return new(p.Name, FeatureKind.Text, $"free text ({p.MeanWords:0.#} words a value{missing})", []);
        if (present >= IdentifierMinimumRows && (p.ManyValued || p.Distinct >= IdentifierShare * present))
            return new(p.Name, FeatureKind.Excluded, $"identifier: {(p.ManyValued ? "many" : p.Distinct.ToString(System.Globalization.CultureInfo.InvariantCulture))} distinct values in {present} rows", []);
        if (p.Distinct <= MaximumCategories)
            return Categorical(p, $"text, {p.Distinct} values{missing}");
        return new(p.Name, FeatureKind.Text, $"text, {p.Distinct} values{missing}", []);
    }

    private static FeatureColumnPlan Numeric(ColumnProfile p, string why) => p.Missing > 0
        ? new(p.Name, FeatureKind.NumericWithMissing, $"{why}, {p.Missing} missing", [])
        : new(p.Name, FeatureKind.Numeric, why, []);

    private static FeatureColumnPlan Categorical(ColumnProfile p, string why) =>
        p.ValuesSeenAtLeast(MinimumCategoryCount) is { Count: > 0 } kept
            ? new(p.Name, FeatureKind.Categorical, why, kept)
            : new(p.Name, FeatureKind.Excluded, $"{why}: no value in {MinimumCategoryCount} rows or more", []);

    private static void CheckOverrides(IReadOnlyList<ColumnProfile> profiles, int labelIndex, Overrides overrides)
    {
        var indexOf = profiles.Select((p, i) => (p.Name, i)).ToDictionary(c => c.Name, c => c.i, StringComparer.Ordinal);
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, names) in new[] { ("--numeric", overrides.Numeric), ("--categorical", overrides.Categorical), ("--text", overrides.Text), ("--ignore", overrides.Ignore) })
        {
            foreach (string name in names)
            {
                if (!indexOf.TryGetValue(name, out int index))
                    throw new UsageException($"{option}: '{name}' is not a column (columns: {string.Join(", ", profiles.Take(8).Select(p => $"'{p.Name}'"))}{(profiles.Count > 8 ? ", …" : "")})");
                if (index == labelIndex)
                    throw new UsageException($"{option}: '{name}' is the label");
                if (named.TryGetValue(name, out string? other))
                    throw new UsageException($"{option}: '{name}' is already given to {other}");
                named[name] = option;
            }
        }
    }

    /// <summary>Writes the plan as a table: column, what was detected, what is done.</summary>
    public static void Print(IReadOnlyList<FeatureColumnPlan> plans, TextWriter writer)
    {
        var rows = plans.Select(p => (p.Name, p.Detected, Done: Describe(p))).ToList();
        int nameWidth = Math.Max("column".Length, rows.Max(r => r.Name.Length));
        int detectedWidth = Math.Max("detected".Length, rows.Max(r => r.Detected.Length));
        writer.WriteLine($"{"column".PadRight(nameWidth)}  {"detected".PadRight(detectedWidth)}  featurization");
        foreach (var (name, detected, done) in rows)
            writer.WriteLine($"{name.PadRight(nameWidth)}  {detected.PadRight(detectedWidth)}  {done}");
    }

    /// <summary>What is done with a column, in words (the table's last column).</summary>
    public static string Describe(FeatureColumnPlan plan) => plan.Kind switch
    {
        FeatureKind.Numeric => "standardized",
        FeatureKind.NumericWithMissing => "missing replaced by the mean, plus an is-missing indicator; standardized",
        FeatureKind.Categorical => $"one-hot: {plan.Categories.Count} value(s); rarer, empty and new ones all zeros",
        FeatureKind.Text => "FeaturizeText (word and character n-grams)",
        _ => "excluded",
    };
}
