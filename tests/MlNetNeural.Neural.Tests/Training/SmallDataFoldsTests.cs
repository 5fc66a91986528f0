using MlNetNeural.Data;
using MlNetNeural.Training;
using Xunit;

namespace MlNetNeural.Neural.Tests.Training;

/// <summary>The small-data selection's folds: a partition of the rows, of even sizes, each class spread evenly.</summary>
public class SmallDataFoldsTests
{
    private static TrainingMatrix Matrix(float[] labels) => new(new FeatureRows(new float[labels.Length], 1), labels, null, 3);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_row_is_held_out_exactly_once_and_fold_sizes_differ_by_at_most_one(bool classification)
    {
        var kind = classification ? LabelKind.Multiclass : LabelKind.Regression;
        var labels = Enumerable.Range(0, 103).Select(i => (float)(i % 7 == 0 ? 2 : i % 2)).ToArray();
        var folds = SmallDataSelection.Folds(Matrix(labels), kind, 5, new Random(4));

        Assert.Equal(5, folds.Length);
        Assert.Equal(Enumerable.Range(0, 103), folds.SelectMany(f => f).Order());
        Assert.True(folds.Max(f => f.Length) - folds.Min(f => f.Length) <= 1);
    }

    [Fact]
    public void Classification_folds_hold_each_class_in_proportion()
    {
        // 60 rows of class 0, 30 of class 1, 13 of class 2: each fold holds 12, 6 and 2 or 3 of them.
        var labels = Enumerable.Repeat(0f, 60).Concat(Enumerable.Repeat(1f, 30)).Concat(Enumerable.Repeat(2f, 13)).ToArray();
        var folds = SmallDataSelection.Folds(Matrix(labels), LabelKind.Multiclass, 5, new Random(2));

        for (int c = 0; c < 3; c++)
        {
            var counts = folds.Select(f => f.Count(r => labels[r] == c)).ToArray();
            Assert.True(counts.Max() - counts.Min() <= 1, $"class {c}: {string.Join(", ", counts)}");
        }
    }

    [Fact]
    public void The_folds_depend_on_the_seed_only()
    {
        var labels = Enumerable.Range(0, 50).Select(i => (float)(i % 3)).ToArray();
        var a = SmallDataSelection.Folds(Matrix(labels), LabelKind.Multiclass, 5, new Random(9));
        var b = SmallDataSelection.Folds(Matrix(labels), LabelKind.Multiclass, 5, new Random(9));
        var c = SmallDataSelection.Folds(Matrix(labels), LabelKind.Multiclass, 5, new Random(10));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
