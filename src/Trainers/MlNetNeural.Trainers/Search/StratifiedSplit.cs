using Microsoft.ML;

namespace MlNetNeural.Search;

/// <summary>
/// Train/test and k-fold splits stratified by label, which ML.NET's <c>TrainTestSplit</c> and
/// <c>CrossValidationSplit</c> do not do: every class keeps its share of the rows in every part, as
/// scikit-learn's <c>train_test_split(stratify=y)</c> and <c>StratifiedKFold(shuffle=True)</c> do.
/// </summary>
/// <remarks>
/// <para>
/// One pass reads the label column. Each distinct label value is a stratum (in order of first appearance);
/// a missing label (NaN, key 0) is a stratum of its own. Supported label types: Boolean, Single, Double,
/// text and key types of any raw width. Each stratum's row positions are shuffled by one
/// <c>new System.Random(seed)</c>, stratum after stratum, so a seed always gives the same split.
/// </para>
/// <para>
/// k-fold: the rows ordered by (stratum, shuffled rank) are dealt out in turn, the <c>j</c>-th to fold
/// <c>j mod k</c>; fold sizes differ by at most one row, and so do each class's counts across folds.
/// Train/test: the test set has <c>ceiling(n · testFraction)</c> rows (as scikit-learn's <c>train_test_split</c>; at least
/// one and at most <c>n − 1</c>), shared among the strata by largest remainder of <c>n_c · testFraction</c>,
/// so class <c>c</c> has within one row of <c>n_c · testFraction</c> test rows; they are the first of its shuffled rows.
/// </para>
/// <para>
/// The parts are lazy filters over the data with exactly its schema. Rows are matched to
/// parts by position, so the data must yield the same rows in the same order on every read (a file, an
/// in-memory or cached view does); reading a part of data that has changed its row count throws.
/// Pass a cached view (<c>MLContext.Data.Cache</c>) when the parts are read many times.
/// </para>
/// </remarks>
public static class StratifiedSplit
{
    /// <summary>Every default, written once.</summary>
    public static class Defaults
    {
        /// <summary>Default test fraction of <see cref="TrainTestSplit"/>.</summary>
        public const double TestFraction = 0.2;

        /// <summary>Default number of folds of <see cref="CrossValidationSplit"/>.</summary>
        public const int NumberOfFolds = 5;

        /// <summary>Default label column.</summary>
        public const string LabelColumnName = "Label";

        /// <summary>The seed used when none is given (<c>seed: null</c>); the split does not use the context's seed.</summary>
        public const int Seed = 0;
    }

    private const string PartColumnName = "__MlNetNeural_StratifiedPart__";

    /// <summary>Splits the data into a training and a test set, each class in proportion.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="data">The data; it must yield the same rows in the same order on every read.</param>
    /// <param name="testFraction">The share of the rows in the test set, in (0, 1).</param>
    /// <param name="labelColumnName">The label column to stratify by (Boolean, Single, Double, text or key).</param>
    /// <param name="seed">Seed of the per-class shuffle; <c>null</c> for <see cref="Defaults.Seed"/> (0).</param>
    /// <returns>The training and test sets; together they hold every row exactly once, with the schema of <paramref name="data"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">
    /// The label column is missing or of an unsupported type, or the data has fewer than two rows.
    /// </exception>
    public static DataOperationsCatalog.TrainTestData TrainTestSplit(MLContext mlContext, IDataView data, double testFraction = Defaults.TestFraction,
        string labelColumnName = Defaults.LabelColumnName, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "Option testFraction must be in (0, 1), both ends excluded.");
        LabelStrata.CheckLabelColumn(data.Schema, labelColumnName);

        var strata = LabelStrata.Read(data, labelColumnName);
        if (strata.RowCount < 2)
            throw new ArgumentException(
                $"The data has {strata.RowCount} row(s); a train/test split needs at least 2, one for each set.", nameof(data));
        var shuffled = strata.Shuffled(seed ?? Defaults.Seed);
        var testCounts = TestCounts(shuffled.Select(rows => rows.Length).ToArray(), testFraction);

        // Key 1 is the test set, key 2 the training set: as fractions of the key range they are 0.25 and 0.75.
        var keys = new uint[strata.RowCount];
        Array.Fill(keys, 2u);
        for (int s = 0; s < shuffled.Length; s++)
            foreach (int row in shuffled[s].AsSpan(0, testCounts[s]))
                keys[row] = 1;
        string part = PartColumn(data.Schema);
        var view = new RowKeyColumnDataView(data, part, keys, 2);
        var test = mlContext.Data.FilterRowsByKeyColumnFraction(view, part, 0, 0.5);
        var train = mlContext.Data.FilterRowsByKeyColumnFraction(view, part, 0.5, 1);
        return new DataOperationsCatalog.TrainTestData(Drop(mlContext, train, part), Drop(mlContext, test, part));
    }

    /// <summary>Splits the data into <paramref name="numberOfFolds"/> cross-validation folds, each class spread evenly over them.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="data">The data; it must yield the same rows in the same order on every read.</param>
    /// <param name="numberOfFolds">The number of folds, &gt;= 2 and at most the number of rows.</param>
    /// <param name="labelColumnName">The label column to stratify by (Boolean, Single, Double, text or key).</param>
    /// <param name="seed">Seed of the per-class shuffle; <c>null</c> for <see cref="Defaults.Seed"/> (0).</param>
    /// <returns>
    /// One train/test pair per fold, in fold order: fold <c>f</c>'s test set is its own rows and its training set
    /// every other row. The test sets partition the data; every set has the schema of <paramref name="data"/>.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfFolds"/> is less than 2.</exception>
    /// <exception cref="ArgumentException">
    /// The label column is missing or of an unsupported type, or the data is empty or has fewer rows than folds.
    /// </exception>
    public static IReadOnlyList<DataOperationsCatalog.TrainTestData> CrossValidationSplit(MLContext mlContext, IDataView data,
        int numberOfFolds = Defaults.NumberOfFolds, string labelColumnName = Defaults.LabelColumnName, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        if (numberOfFolds < 2)
            throw new ArgumentOutOfRangeException(nameof(numberOfFolds), numberOfFolds, "Option numberOfFolds must be >= 2.");
        LabelStrata.CheckLabelColumn(data.Schema, labelColumnName);

        var strata = LabelStrata.Read(data, labelColumnName);
        if (strata.RowCount == 0)
            throw new ArgumentException("The data has no rows to split into folds.", nameof(data));
        if (strata.RowCount < numberOfFolds)
            throw new ArgumentException(
                $"The data has {strata.RowCount} rows, fewer than numberOfFolds = {numberOfFolds}: every fold needs at least one test row.", nameof(numberOfFolds));

        // Key f + 1 (of numberOfFolds) is, as a fraction of the key range, (f + 0.5) / k: inside exactly fold f's
        // range [f / k, (f + 1) / k] of ML.NET's split, which copies a key-typed sampling key column unchanged.
        var keys = new uint[strata.RowCount];
        int dealt = 0;
        foreach (var rows in strata.Shuffled(seed ?? Defaults.Seed))
            foreach (int row in rows)
                keys[row] = (uint)(dealt++ % numberOfFolds + 1);
        string part = PartColumn(data.Schema);
        var view = new RowKeyColumnDataView(data, part, keys, (ulong)numberOfFolds);
        return mlContext.Data.CrossValidationSplit(view, numberOfFolds, samplingKeyColumnName: part)
            .Select(fold => new DataOperationsCatalog.TrainTestData(Drop(mlContext, fold.TrainSet, part), Drop(mlContext, fold.TestSet, part)))
            .ToArray();
    }

    /// <summary>
    /// Test rows per stratum: <c>ceiling(n · f)</c> in all, as scikit-learn (clamped to [1, n − 1]), each stratum its floor of
    /// <c>n_c · f</c> plus one for the largest remainders (ties to the earlier stratum).
    /// </summary>
    internal static int[] TestCounts(IReadOnlyList<int> sizes, double testFraction)
    {
        int n = sizes.Sum();
        int total = Math.Clamp((int)Math.Ceiling(n * testFraction), 1, n - 1);
        var counts = sizes.Select(size => (int)Math.Floor(size * testFraction)).ToArray();
        var byRemainder = Enumerable.Range(0, sizes.Count).OrderByDescending(s => sizes[s] * testFraction - counts[s]).ToArray();
        // floor(n_c · f) < n_c for f < 1, so the floors never exceed n − 1 and one round of +1s reaches the total.
        for (int assigned = counts.Sum(), i = 0; assigned < total; i++)
        {
            int s = byRemainder[i % byRemainder.Length];
            if (counts[s] < sizes[s])
            {
                counts[s]++;
                assigned++;
            }
        }
        return counts;
    }

    private static string PartColumn(DataViewSchema schema)
    {
        string name = PartColumnName;
        for (int i = 1; schema.GetColumnOrNull(name) is not null; i++)
            name = PartColumnName + i;
        return name;
    }

    private static IDataView Drop(MLContext ml, IDataView data, string column)
        => ml.Transforms.DropColumns(column).Fit(data).Transform(data);
}
