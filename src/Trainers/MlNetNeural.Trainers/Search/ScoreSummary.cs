namespace MlNetNeural.Search;

/// <summary>A metric over the folds: the per-fold values, their mean, standard deviation and standard error.</summary>
public sealed class ScoreSummary
{
    /// <summary>Summarizes per-fold values.</summary>
    /// <param name="values">One value per fold; at least one.</param>
    public ScoreSummary(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToArray();
        if (list.Length == 0)
            throw new ArgumentException("A score summary needs at least one value.", nameof(values));
        Values = list;
        Mean = list.Average();
        double mean = Mean;
        StandardDeviation = list.Length < 2 ? 0 : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Length - 1));
        StandardError = StandardDeviation / Math.Sqrt(list.Length);
    }

    /// <summary>The per-fold values, in fold order.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The mean over folds.</summary>
    public double Mean { get; }

    /// <summary>The sample standard deviation over folds (divisor n − 1; 0 for one fold).</summary>
    public double StandardDeviation { get; }

    /// <summary>The standard error of the mean: <see cref="StandardDeviation"/> / √n.</summary>
    public double StandardError { get; }

    /// <summary>The summary as <c>0.9754 ± 0.0123</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Mean:F4} ± {StandardDeviation:F4}");
}
