namespace MlNetNeural.Search;

/// <summary>
/// The values a regularization search tries: one or more axes, and every combination of their values
/// (the Cartesian product, first axis varying slowest).
/// </summary>
public sealed class RegularizationGrid
{
    /// <summary>Creates a grid from axes, each parameter at most once.</summary>
    /// <param name="axes">The axes; at least one.</param>
    public RegularizationGrid(params GridAxis[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length == 0)
            throw new ArgumentException("A regularization grid needs at least one axis.", nameof(axes));
        if (axes.Any(a => a is null))
            throw new ArgumentNullException(nameof(axes), "A grid axis is null.");
        var repeated = axes.GroupBy(a => a.Parameter).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ArgumentException($"The grid has two axes for {repeated.Key}.", nameof(axes));
        bool elasticNet = axes.Any(a => a.Parameter is RegularizationParameter.ElasticNetStrength or RegularizationParameter.ElasticNetMix);
        bool plain = axes.Any(a => a.Parameter is RegularizationParameter.L1Regularization or RegularizationParameter.L2Regularization);
        if (elasticNet && plain)
            throw new ArgumentException("A grid cannot vary L1/L2Regularization and the elastic-net strength or mix at once: both set the same two penalties.", nameof(axes));
        Axes = axes.ToArray();
        Settings = Enumerate(axes).ToArray();
    }

    /// <summary>A one-axis grid.</summary>
    /// <param name="parameter">The option to vary.</param>
    /// <param name="values">The values to try.</param>
    public static RegularizationGrid Over(RegularizationParameter parameter, params double[] values) => new(new GridAxis(parameter, values));

    /// <summary>The axes, in the order given.</summary>
    public IReadOnlyList<GridAxis> Axes { get; }

    /// <summary>Every combination of axis values, first axis varying slowest.</summary>
    public IReadOnlyList<RegularizationSetting> Settings { get; }

    private static IEnumerable<RegularizationSetting> Enumerate(GridAxis[] axes)
    {
        var indices = new int[axes.Length];
        int count = axes.Aggregate(1, (n, a) => checked(n * a.Values.Count));
        for (int k = 0; k < count; k++)
        {
            int rest = k;
            for (int a = axes.Length - 1; a >= 0; a--)
            {
                indices[a] = rest % axes[a].Values.Count;
                rest /= axes[a].Values.Count;
            }
            yield return new RegularizationSetting(k, axes.Select((axis, a) => axis.Parameter).ToArray(),
                axes.Select((axis, a) => axis.Values[indices[a]]).ToArray(),
                axes.Select((axis, a) => axis.LargerIsSimpler ? RankOf(axis, indices[a]) : 0).Sum());
        }
    }

    /// <summary>The value's rank along its axis, 0 for the smallest.</summary>
    private static int RankOf(GridAxis axis, int index) => axis.Values.Count(v => v < axis.Values[index]);
}
