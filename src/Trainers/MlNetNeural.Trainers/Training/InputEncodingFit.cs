using MlNetNeural.Data;
using MlNetNeural.Neural;

namespace MlNetNeural.Training;

/// <summary>
/// Fits an <see cref="InputEncoding"/> on dense training rows (quantiles of at most <see cref="MaxSampleRows"/>
/// evenly spaced rows) and applies it to a whole <see cref="FeatureRows"/>.
/// </summary>
internal static class InputEncodingFit
{
    /// <summary>Rows used for the quantiles: enough for stable quartiles, bounded so a large set costs no more than one pass.</summary>
    public const int MaxSampleRows = 100_000;

    /// <param name="features">Dense training rows.</param>
    /// <param name="frequencyCount">Periodic features per numeric column; 0 for none.</param>
    /// <param name="frequencyScale">σ of the frequencies (cycles per clipped unit), drawn from N(0, σ²).</param>
    /// <param name="seed">Seeds the frequencies and phases, so a fit is reproducible.</param>
    public static InputEncoding Fit(FeatureRows features, int frequencyCount, float frequencyScale, int seed)
    {
        int n = features.Columns;
        int rows = features.Rows;
        int sample = Math.Min(rows, MaxSampleRows);
        var centers = new float[n];
        var scales = new float[n];
        var periodic = new List<int>();
        var column = new float[sample];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < sample; i++)
                column[i] = features.Dense[(long)(i * (long)rows / sample) * n + j];
            Array.Sort(column);
            float median = Quantile(column, 0.5);
            double iqr = (double)Quantile(column, 0.75) - Quantile(column, 0.25);
            double range = (double)column[^1] - column[0];
            centers[j] = median;
            scales[j] = iqr > 0 ? (float)(1 / iqr) : range > 0 ? (float)(2 / range) : 0f;
            if (frequencyCount > 0 && HasMoreThanTwoValues(column))
                periodic.Add(j);
        }

        var random = new Random(seed);
        var frequencies = new float[periodic.Count * frequencyCount];
        var phases = new float[frequencies.Length];
        for (int i = 0; i < frequencies.Length; i++)
        {
            frequencies[i] = (float)(2 * Math.PI * frequencyScale * StandardNormal(random));
            phases[i] = (float)(Math.PI * (2 * random.NextDouble() - 1));
        }

        return new InputEncoding(centers, scales, periodic, periodic.Count == 0 ? 0 : frequencyCount, frequencies, phases);
    }

    /// <summary>
    /// The scaling of sparse rows, which keeps zeros zero: no centring and no periodic features, each column multiplied by
    /// 2 / its range (zeros included) and smoothly clipped. A one-hot column standardized upstream to 0 / 1/σ, which gives a
    /// rare category a huge value, becomes 0 / 1.66 like every other.
    /// </summary>
    public static InputEncoding FitSparse(SparseRowStore rows)
    {
        int n = rows.Columns;
        var min = new float[n];
        var max = new float[n];
        var count = new int[n];
        for (int r = 0; r < rows.Rows; r++)
        {
            var indices = rows.Indices(r);
            var values = rows.Values(r);
            for (int i = 0; i < indices.Length; i++)
            {
                int j = indices[i];
                float v = values[i];
                if (count[j]++ == 0)
                {
                    min[j] = v;
                    max[j] = v;
                }
                else
                {
                    min[j] = Math.Min(min[j], v);
                    max[j] = Math.Max(max[j], v);
                }
            }
        }

        var scales = new float[n];
        for (int j = 0; j < n; j++)
        {
            double low = count[j] < rows.Rows ? Math.Min(0, min[j]) : min[j];
            double high = count[j] < rows.Rows ? Math.Max(0, max[j]) : max[j];
            scales[j] = high > low ? (float)(2 / (high - low)) : 0f;
        }

        return new InputEncoding(new float[n], scales, [], 0, [], []);
    }

    /// <summary>
    /// The encoded rows, in the same form; fails with a message naming the options when dense rows would not fit one
    /// array. Sparse rows are encoded in place and returned — a fit's rows are its own, and a text set's second copy
    /// would be the largest allocation of the fit after the model — so the raw values are gone afterwards.
    /// </summary>
    public static FeatureRows Apply(InputEncoding encoding, FeatureRows features)
    {
        if (features.IsSparse)
        {
            EncodeInPlace(encoding, features.Sparse);
            return features;
        }

        long values = (long)features.Rows * encoding.EncodedSize;
        if (values > Array.MaxLength)
            throw new InvalidOperationException(
                $"Options InputScaling and PeriodicFeatures encode {features.Rows} rows of {features.Columns} features into {encoding.EncodedSize} values each, " +
                $"{values} in all, more than one array holds: lower PeriodicFeatures or set it to 0.");
        var encoded = new float[values];
        encoding.EncodeRows(features.Dense, features.Rows, encoded);
        return new FeatureRows(encoded, encoding.EncodedSize);
    }

    private static void EncodeInPlace(InputEncoding encoding, SparseRowStore rows)
    {
        if (!encoding.PreservesZeros)
            throw new InvalidOperationException("Sparse rows take only an encoding that keeps zeros zero (no centring, no periodic features).");
        for (int r = 0; r < rows.Rows; r++)
        {
            var values = rows.ValuesToUpdate(r);
            encoding.EncodeSparseValues(rows.Indices(r), values, values); // element by element: in place is safe
        }
    }

    // Linear interpolation between order statistics (numpy's default), on sorted values.
    private static float Quantile(float[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return (float)(sorted[below] + (position - below) * ((double)sorted[above] - sorted[below]));
    }

    // A binary (or constant) column gains nothing from periodic features: a line through two points is exact.
    private static bool HasMoreThanTwoValues(float[] sorted)
    {
        int distinct = 1;
        for (int i = 1; i < sorted.Length && distinct <= 2; i++)
        {
            if (sorted[i] != sorted[i - 1])
                distinct++;
        }

        return distinct > 2;
    }

    private static double StandardNormal(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
