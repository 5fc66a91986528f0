using MlNetNeural.Data;
using MlNetNeural.Neural;
using MlNetNeural.Training;
using Xunit;

namespace MlNetNeural.Neural.Tests.Encoding;

/// <summary>
/// The input encoding (robust scaling, smooth clipping, periodic features): its formula against a double-precision
/// reference, what the fit measures on columns whose quantiles are known, the zero-preserving form for sparse rows,
/// and the constructor's checks.
/// </summary>
public sealed class InputEncodingTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(-2f)]
    [InlineData(7f)]
    [InlineData(1e6f)]
    [InlineData(-3e38f)]
    public void Smooth_clipping_follows_its_formula_and_stays_inside_three(float z)
    {
        double expected = z / Math.Sqrt(1 + (double)z * z / 9);
        float clipped = InputEncoding.SmoothClip(z);
        if (float.IsFinite(z * z))
            Assert.Equal(expected, clipped, 1e-6 * Math.Max(1, Math.Abs(expected)));
        Assert.True(Math.Abs(clipped) <= InputEncoding.ClipRadius, $"|clip({z})| = {Math.Abs(clipped)} > 3");
        Assert.Equal(Math.Sign(z), Math.Sign(clipped));
    }

    [Fact]
    public void Smooth_clipping_keeps_a_missing_value_missing() => Assert.True(float.IsNaN(InputEncoding.SmoothClip(float.NaN)));

    [Fact]
    public void Encode_writes_clipped_features_then_the_cosines_of_the_periodic_columns()
    {
        var encoding = new InputEncoding([1f, -2f, 0f], [0.5f, 2f, 1f], [0, 2], 2, [0.3f, -1.7f, 2.5f, 0.9f], [0.1f, -0.4f, 3f, 0f]);
        float[] x = [4f, -1.5f, -0.25f];
        var encoded = new float[encoding.EncodedSize];
        encoding.Encode(x, encoded);

        Assert.Equal(3 + 2 * 2, encoding.EncodedSize);
        double[] e = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double z = (x[i] - encoding.Centers[i]) * encoding.Scales[i];
            e[i] = z / Math.Sqrt(1 + z * z / 9);
            Assert.Equal(e[i], encoded[i], 1e-6);
        }

        double[] expectedCosines = [Math.Cos(0.3 * e[0] + 0.1), Math.Cos(-1.7 * e[0] - 0.4), Math.Cos(2.5 * e[2] + 3), Math.Cos(0.9 * e[2])];
        for (int k = 0; k < 4; k++)
            Assert.Equal(expectedCosines[k], encoded[3 + k], 1e-6);
    }

    [Fact]
    public void The_fit_centres_on_the_median_scales_by_the_quartiles_and_skips_binary_and_constant_columns()
    {
        // Column 0: 1 … 101 (median 51, quartiles 26 and 76); column 1: 0/1 with 30 % ones (IQR 1);
        // column 2: constant; column 3: one 5 among zeros (IQR 0, so the range is used).
        const int rows = 101;
        var dense = new float[rows * 4];
        for (int r = 0; r < rows; r++)
        {
            dense[r * 4] = r + 1;
            dense[r * 4 + 1] = r % 10 < 3 ? 1 : 0;
            dense[r * 4 + 2] = 7;
            dense[r * 4 + 3] = r == 50 ? 5 : 0;
        }

        var encoding = InputEncodingFit.Fit(new FeatureRows(dense, 4), frequencyCount: 3, frequencyScale: 0.5f, seed: 11);

        Assert.Equal(51f, encoding.Centers[0]);
        Assert.Equal(1 / 50f, encoding.Scales[0], 1e-7);
        Assert.Equal(0f, encoding.Centers[1]);
        Assert.Equal(1f, encoding.Scales[1]);
        Assert.Equal(0f, encoding.Scales[2]);
        Assert.Equal(2 / 5f, encoding.Scales[3], 1e-7);
        Assert.Equal([0], encoding.PeriodicColumns);
        Assert.Equal(4 + 3, encoding.EncodedSize);

        var encoded = new float[encoding.EncodedSize];
        encoding.Encode(dense.AsSpan(0, 4), encoded);
        Assert.Equal(0f, encoded[2]); // a constant feature carries nothing
    }

    [Fact]
    public void The_fit_is_reproducible_for_a_seed_and_draws_other_frequencies_for_another()
    {
        var dense = Enumerable.Range(0, 200).Select(i => (float)Math.Sin(i)).ToArray();
        var rows = new FeatureRows(dense, 2);
        var a = InputEncodingFit.Fit(rows, 16, 0.5f, seed: 3);
        var b = InputEncodingFit.Fit(rows, 16, 0.5f, seed: 3);
        var c = InputEncodingFit.Fit(rows, 16, 0.5f, seed: 4);
        Assert.Equal(a.AngularFrequencies, b.AngularFrequencies);
        Assert.Equal(a.Phases, b.Phases);
        Assert.NotEqual(a.AngularFrequencies, c.AngularFrequencies);
        Assert.All(a.Phases, p => Assert.InRange(p, -MathF.PI, MathF.PI));
    }

    [Fact]
    public void Sparse_rows_get_a_scaling_that_keeps_zeros_and_encodes_like_the_dense_form()
    {
        var store = new SparseRowStore(5);
        store.Add([0, 3], [2f, -1f]);
        store.Add([1, 3], [0.5f, 4f]);
        store.Add([3, 4], [1f, 9f]);
        var encoding = InputEncodingFit.FitSparse(store);

        Assert.True(encoding.PreservesZeros);
        Assert.Equal(2 / 2f, encoding.Scales[0]);      // zeros and 2: range 2
        Assert.Equal(2 / 5f, encoding.Scales[3], 1e-7); // -1 … 4, present in every row
        Assert.Equal(0f, encoding.Scales[2]);           // never present
        var raw = Enumerable.Range(0, store.Rows).Select(r =>
        {
            var dense = new float[5];
            store.CopyDense(r, dense);
            return dense;
        }).ToArray();
        var encodedRows = InputEncodingFit.Apply(encoding, new FeatureRows(store)).Sparse;
        Assert.Same(store, encodedRows); // encoded in place: no second copy of a text set's rows
        for (int r = 0; r < store.Rows; r++)
        {
            var expected = new float[5];
            encoding.Encode(raw[r], expected);
            var actual = new float[5];
            encodedRows.CopyDense(r, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Sparse_values_encode_to_the_scalar_clippings_bits_at_every_length_and_edge_value()
    {
        // Eight at a time with vectors, one at a time in the tail: every position of both must give SmoothClip's bits.
        float[] edges = [0f, -0f, 1e-45f, -1e-40f, 0.5f, -2f, 3f, 1e6f, 1.1e18f, 1.2e18f, -3e38f, float.PositiveInfinity,
            float.NegativeInfinity, float.NaN, 5e19f, -7.5f, 1e-20f];
        var random = new Random(3);
        var scales = Enumerable.Range(0, 64).Select(i => i % 5 == 0 ? 1f : (float)(random.NextDouble() * 4)).ToArray();
        var encoding = new InputEncoding(new float[64], scales, [], 0, [], []);
        for (int length = 0; length <= 40; length++)
        {
            int[] indices = Enumerable.Range(0, length).Select(i => i + (64 - length) / 2).ToArray();
            float[] values = Enumerable.Range(0, length).Select(i => edges[(i + length) % edges.Length]).ToArray();
            var encoded = new float[length];
            encoding.EncodeSparseValues(indices, values, encoded);
            for (int i = 0; i < length; i++)
            {
                float expected = InputEncoding.SmoothClip(values[i] * scales[indices[i]]);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(encoded[i]) || (float.IsNaN(expected) && float.IsNaN(encoded[i])),
                    $"length {length}, position {i}: {values[i]} × {scales[indices[i]]} encoded to {encoded[i]}, not {expected}");
            }
        }
    }

    [Fact]
    public void An_encoding_that_centres_refuses_sparse_values()
    {
        var encoding = new InputEncoding([1f], [1f], [], 0, [], []);
        Assert.False(encoding.PreservesZeros);
        Assert.Throws<InvalidOperationException>(() => encoding.EncodeSparseValues([0], [1f], new float[1]));
    }

    [Fact]
    public void The_constructor_names_what_is_wrong()
    {
        Assert.Contains("not ascending", Assert.Throws<ArgumentException>(() => new InputEncoding([0f, 0f], [1f, 1f], [1, 0], 1, [1f, 1f], [0f, 0f])).Message);
        Assert.Contains("2 scales", Assert.Throws<ArgumentException>(() => new InputEncoding([0f], [1f, 1f], [], 0, [], [])).Message);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => new InputEncoding([float.NaN], [1f], [], 0, [], [])).Message);
        Assert.Contains("need 2 frequencies", Assert.Throws<ArgumentException>(() => new InputEncoding([0f], [1f], [0], 2, [1f], [0f])).Message);
        Assert.Throws<ArgumentException>(() => new InputEncoding([0f], [1f], [], 0, [], []).Encode(new float[2], new float[1]));
    }

    [Fact]
    public void A_frequency_that_could_overflow_the_cosine_argument_is_refused_and_the_largest_safe_one_scores_finitely()
    {
        // Found by the model fuzzer: ω = 3·10³⁸ is finite, but ω·3 is ∞ and cos(∞) is NaN.
        var message = Assert.Throws<ArgumentException>(() => new InputEncoding([0f], [1f], [0], 1, [3e38f], [0f])).Message;
        Assert.Contains("angular frequency 3E+38", message);
        Assert.Contains("index 0", message);
        Assert.Throws<ArgumentException>(() => new InputEncoding([0f], [1f], [0], 1, [1e38f], [float.MaxValue]));

        var largest = new InputEncoding([0f], [1f], [0], 1, [float.MaxValue / 3.5f], [1e37f]);
        var encoded = new float[2];
        foreach (float x in new[] { float.MinValue, -1f, 0f, 1e30f, float.MaxValue })
        {
            largest.Encode([x], encoded);
            Assert.All(encoded, v => Assert.True(float.IsFinite(v), $"x = {x} encoded to [{string.Join(", ", encoded)}]"));
        }
    }
}
