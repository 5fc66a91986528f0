using MlNetNeural.Cli.Data;
using MlNetNeural.Cli.Models;
using MlNetNeural.Cli.Tests.Support;

namespace MlNetNeural.Cli.Tests.Core;

/// <summary>The per-column rules of <see cref="Featurization"/>, on a file written to show each one.</summary>
public sealed class FeaturizationRuleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private IReadOnlyList<FeatureColumnPlan> Plan(int rows, Func<int, string> row, string header)
    {
        string path = _folder.File("rules.csv");
        File.WriteAllLines(path, Enumerable.Range(0, rows).Select(row).Prepend(header));
        var file = DelimitedFile.Open(path, separatorOption: null);
        return Featurization.Plan(ColumnProfile.Of(file), file.IndexOf("y"), Featurization.Overrides.None);
    }

    [Fact]
    public void Each_kind_of_column_gets_its_rule()
    {
        string[] colours = ["red", "green", "blue"];
        var plans = Plan(60, i =>
            $"the message number {i} says hello there,2024-01-{1 + (i % 28):00},same,{i * 7},{colours[i % 3]},{(i == 0 ? "rare" : colours[i % 3])},{i % 5}.5,{(i % 10 == 0 ? "" : (i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture))},{i % 2}",
            "message,day,constant,id,colour,colourWithRare,number,gappy,y");
        FeatureKind Kind(string name) => plans.Single(p => p.Name == name).Kind;

        Assert.Equal(FeatureKind.Text, Kind("message"));           // 7 words a value: free text
        Assert.Equal(FeatureKind.Excluded, Kind("day"));            // dates
        Assert.Equal(FeatureKind.Excluded, Kind("constant"));
        Assert.Equal(FeatureKind.Excluded, Kind("id"));             // whole numbers, all distinct
        Assert.Equal(FeatureKind.Categorical, Kind("colour"));
        Assert.Equal(["blue", "green", "red"], plans.Single(p => p.Name == "colour").Categories.Order());
        Assert.DoesNotContain("rare", plans.Single(p => p.Name == "colourWithRare").Categories); // in 1 row of 60: the other case
        Assert.Equal(FeatureKind.Numeric, Kind("number"));
        Assert.Equal(FeatureKind.NumericWithMissing, Kind("gappy"));
        Assert.DoesNotContain(plans, p => p.Name == "y");
    }

    [Fact]
    public void Past_the_distinct_cap_increasing_whole_numbers_are_a_row_number_and_shuffled_ones_a_feature()
    {
        int rows = ColumnProfile.DistinctCap + 50;
        var shuffled = Enumerable.Range(0, rows).Select(i => (i * 7919) % rows).ToArray(); // a permutation: all distinct, not increasing
        var plans = Plan(rows, i => $"{i},{shuffled[i]},{i % 2}", "instant,count,y");
        Assert.Equal(FeatureKind.Excluded, plans.Single(p => p.Name == "instant").Kind);
        Assert.Equal(FeatureKind.Numeric, plans.Single(p => p.Name == "count").Kind);
    }
}
