using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Search.Tests.Search;

/// <summary>
/// Stratified splits on an in-memory set whose Id column names each row: folds and train/test sets
/// partition the rows, keep each class's share, keep the schema, and are refused with a clear message on bad input.
/// </summary>
public sealed class StratifiedSplitTests
{
    // 40 rows in three classes of 23, 11 and 6, interleaved in a fixed scrambled order.
    private static readonly string[] Classes = Scrambled([.. Enumerable.Repeat("a", 23), .. Enumerable.Repeat("b", 11), .. Enumerable.Repeat("c", 6)]);

    public static TheoryData<string> LabelKinds => ["Boolean", "Single with NaN", "Double", "String", "Key from MapValueToKey", "Byte key with 0", "UInt64 key"];

    [Theory]
    [MemberData(nameof(LabelKinds))]
    public void Folds_PartitionTheRows_WithFoldSizesAndClassCountsWithinOneRow(string kind)
    {
        var ml = new MLContext(seed: 1);
        var (data, strata) = Make(ml, kind);
        const int k = 4;

        var folds = StratifiedSplit.CrossValidationSplit(ml, data, k, seed: 3);

        Assert.Equal(k, folds.Count);
        var tests = folds.Select(f => Ids(f.TestSet)).ToArray();
        // Every row is in exactly one test set, and each fold trains on all the others.
        Assert.Equal(Enumerable.Range(0, Classes.Length), tests.SelectMany(t => t).Order());
        for (int f = 0; f < k; f++)
            Assert.Equal(Enumerable.Range(0, Classes.Length).Except(tests[f]), Ids(folds[f].TrainSet).Order());
        AssertWithinOne(tests.Select(t => t.Length));
        foreach (string stratum in strata.Distinct())
            AssertWithinOne(tests.Select(t => t.Count(id => strata[id] == stratum)));
    }

    [Theory]
    [MemberData(nameof(LabelKinds))]
    public void TrainTest_GivesEachClassWithinOneRowOfItsShare(string kind)
    {
        var ml = new MLContext(seed: 1);
        var (data, strata) = Make(ml, kind);
        foreach (double fraction in new[] { 0.2, 0.25, 0.5, 0.9 })
        {
            var split = StratifiedSplit.TrainTestSplit(ml, data, fraction, seed: 5);

            int[] test = Ids(split.TestSet), train = Ids(split.TrainSet);
            Assert.Equal(Enumerable.Range(0, Classes.Length), test.Concat(train).Order());
            Assert.Equal((int)Math.Ceiling(Classes.Length * fraction), test.Length);
            foreach (string stratum in strata.Distinct())
            {
                int size = strata.Count(s => s == stratum);
                int inTest = test.Count(id => strata[id] == stratum);
                Assert.True(Math.Abs(inTest - size * fraction) < 1, $"{kind}, fraction {fraction}: class {stratum} has {inTest} of {size} test rows");
            }
        }
    }

    [Fact]
    public void TestCounts_ShareTheCeilingTotalByLargestRemainder()
    {
        Assert.Equal([3, 1, 1], StratifiedSplit.TestCounts([5, 3, 2], 0.5));    // floors 2,1,1; remainders .5,.5,0; first tie wins
        Assert.Equal([1, 0], StratifiedSplit.TestCounts([50, 50], 0.01));      // ceiling(1) = 1
        Assert.Equal([1, 0], StratifiedSplit.TestCounts([1, 1], 0.99));         // ceiling(1.98) = 2, capped at n − 1
        Assert.Equal([1, 0], StratifiedSplit.TestCounts([1, 1], 0.01));         // ceiling(0.02) = 1
        Assert.Equal([2, 1, 1], StratifiedSplit.TestCounts([7, 4, 1], 0.3));    // ceiling(3.6) = 4; floors 2,1,0; the largest remainder (0.3) gets the 4th
        Assert.Equal(360, StratifiedSplit.TestCounts([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], 0.2).Sum()); // digits: sklearn's 360 of 1797
        Assert.Equal(114, StratifiedSplit.TestCounts([212, 357], 0.2).Sum());  // breast_cancer: 114 of 569
    }

    [Fact]
    public void Outputs_HaveExactlyTheInputSchema()
    {
        var ml = new MLContext(seed: 1);
        var raw = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 30).Select(i => new FeatureRow { Id = i, Label = Classes[i], Features = [i, -i] }));
        var data = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(raw).Transform(raw);
        var expected = Columns(data.Schema);

        var split = StratifiedSplit.TrainTestSplit(ml, data, 0.3, "LabelKey");
        var folds = StratifiedSplit.CrossValidationSplit(ml, data, 3, "Label");

        foreach (var part in new[] { split.TrainSet, split.TestSet }.Concat(folds.SelectMany(f => new[] { f.TrainSet, f.TestSet })))
        {
            Assert.Equal(expected, Columns(part.Schema));
            Assert.Equal(data.Schema["LabelKey"].Annotations.Schema.Select(c => c.Name), part.Schema["LabelKey"].Annotations.Schema.Select(c => c.Name));
        }
        // The values come through too.
        var row = ml.Data.CreateEnumerable<FeatureRow>(ml.Transforms.DropColumns("LabelKey").Fit(split.TestSet).Transform(split.TestSet), reuseRowObject: false).First();
        Assert.Equal(Classes[row.Id], row.Label);
        Assert.Equal(new float[] { row.Id, -row.Id }, row.Features);
    }

    [Fact]
    public void SameSeed_SameSplit_OtherSeed_OtherSplit_NullSeedIsZero()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = Make(ml, "String");
        int[][] Folds(int? seed) => StratifiedSplit.CrossValidationSplit(ml, data, 4, seed: seed).Select(f => Ids(f.TestSet)).ToArray();
        int[] Test(int? seed) => Ids(StratifiedSplit.TrainTestSplit(ml, data, 0.25, seed: seed).TestSet);

        Assert.Equal(Folds(11), Folds(11));
        Assert.NotEqual(Folds(11), Folds(12));
        Assert.Equal(Folds(0), Folds(null));
        Assert.Equal(Test(11), Test(11));
        Assert.NotEqual(Test(11), Test(12));
        Assert.Equal(Test(0), Test(null));
        // The context's seed plays no part.
        Assert.Equal(Folds(11), StratifiedSplit.CrossValidationSplit(new MLContext(seed: 99), data, 4, seed: 11).Select(f => Ids(f.TestSet)).ToArray());
    }

    [Fact]
    public void MissingLabels_AreAStratumOfTheirOwn()
    {
        var ml = new MLContext(seed: 1);
        // Class c (6 rows) has a NaN label: 4 folds get 1 or 2 of them, a 50 % test set exactly 3.
        var (data, strata) = Make(ml, "Single with NaN");
        int[] nan = [.. Enumerable.Range(0, Classes.Length).Where(i => strata[i] == "c")];

        var folds = StratifiedSplit.CrossValidationSplit(ml, data, 4, seed: 8);
        Assert.All(folds, f => Assert.InRange(Ids(f.TestSet).Intersect(nan).Count(), 1, 2));
        Assert.Equal(3, Ids(StratifiedSplit.TrainTestSplit(ml, data, 0.5, seed: 8).TestSet).Intersect(nan).Count());
    }

    [Fact]
    public void DataThatChangesItsRowCount_IsRefusedWhenRead()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 12).Select(i => new Row<string> { Id = i, Label = Classes[i] }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows); // streams the list on every read
        var folds = StratifiedSplit.CrossValidationSplit(ml, data, 3);
        Assert.Equal(4, Ids(folds[0].TestSet).Length);

        rows.Add(new Row<string> { Id = 12, Label = "a" });
        Assert.Contains("more rows than the 12 counted", Messages(Assert.ThrowsAny<Exception>(() => Ids(folds[0].TestSet))));
        rows.RemoveRange(10, 3);
        Assert.Contains("fewer rows than the 12 counted", Messages(Assert.ThrowsAny<Exception>(() => Ids(folds[1].TrainSet))));
    }

    /// <summary>The messages of an exception and its inner ones (ML.NET's parallel cursors wrap a worker's exception).</summary>
    private static string Messages(Exception? e)
    {
        var messages = new List<string>();
        for (; e is not null; e = e.InnerException)
            messages.Add(e.Message);
        return string.Join(" | ", messages);
    }

    [Fact]
    public void BadInput_IsRefusedNamingTheProblem()
    {
        var ml = new MLContext(seed: 1);
        var (data, _) = Make(ml, "String");

        var missing = Assert.Throws<ArgumentException>(() => StratifiedSplit.CrossValidationSplit(ml, data, labelColumnName: "Class"));
        Assert.Contains("'Class'", missing.Message);
        Assert.Contains("labelColumnName", missing.Message);
        Assert.Contains("'Class'", Assert.Throws<ArgumentException>(() => StratifiedSplit.TrainTestSplit(ml, data, labelColumnName: "Class")).Message);

        var int32 = Assert.Throws<ArgumentException>(() => StratifiedSplit.CrossValidationSplit(ml, data, labelColumnName: "Id"));
        Assert.Contains("'Id' has type Int32", int32.Message);
        Assert.Contains("Boolean, Single, Double, String (text) and key types", int32.Message);
        var vectorData = ml.Data.LoadFromEnumerable(new[] { new FeatureRow { Id = 0, Label = "a", Features = [1, 2] } });
        Assert.Contains("Vector<Single, 2>", Assert.Throws<ArgumentException>(() => StratifiedSplit.TrainTestSplit(ml, vectorData, labelColumnName: "Features")).Message);

        foreach (double fraction in new[] { 0, 1, -0.1, 1.5, double.NaN })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.TrainTestSplit(ml, data, fraction));
            Assert.Equal("testFraction", e.ParamName);
            Assert.Contains("(0, 1)", e.Message);
        }
        var folds = Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.CrossValidationSplit(ml, data, 1));
        Assert.Equal("numberOfFolds", folds.ParamName);
        Assert.Contains(">= 2", folds.Message);

        var three = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 3).Select(i => new Row<string> { Id = i, Label = "a" }));
        var fewer = Assert.Throws<ArgumentException>(() => StratifiedSplit.CrossValidationSplit(ml, three, 5));
        Assert.Contains("3 rows, fewer than numberOfFolds = 5", fewer.Message);

        var empty = ml.Data.LoadFromEnumerable(Array.Empty<Row<string>>());
        Assert.Contains("no rows", Assert.Throws<ArgumentException>(() => StratifiedSplit.CrossValidationSplit(ml, empty)).Message);
        Assert.Contains("0 row(s)", Assert.Throws<ArgumentException>(() => StratifiedSplit.TrainTestSplit(ml, empty)).Message);
        var one = ml.Data.LoadFromEnumerable(new[] { new Row<string> { Id = 0, Label = "a" } });
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => StratifiedSplit.TrainTestSplit(ml, one)).Message);

        Assert.Throws<ArgumentNullException>(() => StratifiedSplit.TrainTestSplit(null!, data));
        Assert.Throws<ArgumentNullException>(() => StratifiedSplit.CrossValidationSplit(ml, null!));
    }

    // ----- Data -----

    /// <summary>The 40 rows with the label as <paramref name="kind"/>, and each row's stratum as a string.</summary>
    private static (IDataView Data, string[] Strata) Make(MLContext ml, string kind)
    {
        var ids = Enumerable.Range(0, Classes.Length);
        string[] strata = kind == "Boolean" ? [.. Classes.Select(c => c == "a" ? "a" : "b or c")] : Classes;
        IDataView data = kind switch
        {
            "Boolean" => ml.Data.LoadFromEnumerable(ids.Select(i => new Row<bool> { Id = i, Label = Classes[i] == "a" })),
            "Single with NaN" => ml.Data.LoadFromEnumerable(ids.Select(i => new Row<float> { Id = i, Label = Classes[i] switch { "a" => 0f, "b" => 1.5f, _ => float.NaN } })),
            "Double" => ml.Data.LoadFromEnumerable(ids.Select(i => new Row<double> { Id = i, Label = Classes[i] switch { "a" => -1, "b" => 2, _ => 3 } })),
            "String" => ml.Data.LoadFromEnumerable(ids.Select(i => new Row<string> { Id = i, Label = Classes[i] })),
            "Key from MapValueToKey" => MapToKey(ml, ml.Data.LoadFromEnumerable(ids.Select(i => new Row<string> { Id = i, Label = Classes[i] }))),
            "Byte key with 0" => ml.Data.LoadFromEnumerable(ids.Select(i => new ByteKeyRow { Id = i, Label = Classes[i] switch { "a" => 2, "b" => 1, _ => 0 } })),
            "UInt64 key" => ml.Data.LoadFromEnumerable(ids.Select(i => new UInt64KeyRow { Id = i, Label = Classes[i] switch { "a" => 3, "b" => 1, _ => 2 } })),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return (data, strata);
    }

    private static IDataView MapToKey(MLContext ml, IDataView data)
    {
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        Assert.IsType<KeyDataViewType>(keyed.Schema["Label"].Type);
        return keyed;
    }

    private static string[] Scrambled(string[] values)
    {
        var random = new Random(2024);
        return [.. values.OrderBy(_ => random.Next())];
    }

    private static int[] Ids(IDataView data)
    {
        var ids = new List<int>();
        var column = data.Schema["Id"];
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<int>(column);
        int id = 0;
        while (cursor.MoveNext())
        {
            getter(ref id);
            ids.Add(id);
        }
        return [.. ids];
    }

    private static (string Name, DataViewType Type, bool IsHidden)[] Columns(DataViewSchema schema) => [.. schema.Select(c => (c.Name, c.Type, c.IsHidden))];

    private static void AssertWithinOne(IEnumerable<int> counts)
    {
        var list = counts.ToList();
        Assert.True(list.Max() - list.Min() <= 1, $"counts {string.Join(", ", list)} differ by more than one");
    }

    public sealed class Row<T>
    {
        public int Id { get; set; }

        public T Label { get; set; } = default!;
    }

    public sealed class ByteKeyRow
    {
        public int Id { get; set; }

        [KeyType(3)]
        public byte Label { get; set; }
    }

    public sealed class UInt64KeyRow
    {
        public int Id { get; set; }

        [KeyType(3)]
        public ulong Label { get; set; }
    }

    public sealed class FeatureRow
    {
        public int Id { get; set; }

        public string Label { get; set; } = "";

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }
}
