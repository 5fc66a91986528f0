namespace MlNetNeural.Search;

/// <summary>One axis of a regularization grid: a parameter and the values to try, in the order given.</summary>
public sealed class GridAxis
{
    /// <summary>Creates an axis.</summary>
    /// <param name="parameter">The option to vary.</param>
    /// <param name="values">The values to try; at least one, each finite and within the parameter's range, no duplicates.</param>
    public GridAxis(RegularizationParameter parameter, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!Enum.IsDefined(parameter))
            throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "Unknown regularization parameter.");
        var list = values.ToArray();
        if (list.Length == 0)
            throw new ArgumentException($"The grid axis {parameter} has no values.", nameof(values));
        foreach (double value in list)
            CheckValue(parameter, value);
        if (list.Distinct().Count() != list.Length)
            throw new ArgumentException($"The grid axis {parameter} repeats a value.", nameof(values));
        Parameter = parameter;
        Values = list;
    }

    /// <summary>The option this axis varies.</summary>
    public RegularizationParameter Parameter { get; }

    /// <summary>The values to try, in the order given.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>
    /// Whether a larger value regularizes more. True for every parameter but
    /// <see cref="RegularizationParameter.ElasticNetMix"/>, which trades one penalty for another.
    /// </summary>
    public bool LargerIsSimpler => Parameter != RegularizationParameter.ElasticNetMix;

    /// <summary>Values spaced evenly on a log scale from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    /// <param name="parameter">The option to vary.</param>
    /// <param name="min">The smallest value, &gt; 0.</param>
    /// <param name="max">The largest value, &gt; <paramref name="min"/>.</param>
    /// <param name="count">How many values, &gt;= 2.</param>
    public static GridAxis LogSpaced(RegularizationParameter parameter, double min, double max, int count)
    {
        if (!(min > 0) || !(max > min) || double.IsInfinity(max))
            throw new ArgumentOutOfRangeException(nameof(min), $"A log-spaced axis needs 0 < min < max; got min {min}, max {max}.");
        if (count < 2)
            throw new ArgumentOutOfRangeException(nameof(count), count, "A log-spaced axis needs at least 2 values.");
        double logMin = Math.Log10(min), step = (Math.Log10(max) - logMin) / (count - 1);
        // Round to 12 significant digits so that 10^k comes out as the decimal users expect (0.001, not 0.0009999…).
        return new GridAxis(parameter, Enumerable.Range(0, count).Select(i => double.Parse(Math.Pow(10, logMin + i * step).ToString("G12", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static void CheckValue(RegularizationParameter parameter, double value)
    {
        bool ok = double.IsFinite(value) && parameter switch
        {
            RegularizationParameter.DropoutRate => value is >= 0 and < 1,
            RegularizationParameter.ElasticNetMix => value is >= 0 and <= 1,
            _ => value >= 0,
        };
        if (!ok)
        {
            string range = parameter switch
            {
                RegularizationParameter.DropoutRate => "[0, 1)",
                RegularizationParameter.ElasticNetMix => "[0, 1]",
                _ => ">= 0",
            };
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Grid values for {parameter} must be finite and {range}; got {value}.");
        }
    }
}
