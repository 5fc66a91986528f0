using MlNetNeural.Neural.Dropout;
using Xunit;

namespace MlNetNeural.Neural.Tests.Dropout;

public class DropoutMasksTests
{
    [Fact]
    public void EntriesAreZeroOrInverseKeepProbabilityInTheRightProportion()
    {
        var masks = new DropoutMasks<double>([50, 40], [0.3, 0.6], maxRows: 200);
        masks.Fill(new Random(1), 200);
        double[] p = [0.3, 0.6];
        for (int l = 0; l < 2; l++)
        {
            Span<double> m = masks.GetMask(l);
            Assert.Equal(200 * masks.GetWidth(l), m.Length);
            int dropped = 0;
            foreach (double v in m)
            {
                Assert.True(v == 0 || v == 1 / (1 - p[l]), $"Unexpected mask value {v}.");
                dropped += v == 0 ? 1 : 0;
            }

            // ≥ 8000 Bernoulli draws: the standard deviation of the fraction is below 0.006.
            Assert.InRange((double)dropped / m.Length, p[l] - 0.03, p[l] + 0.03);
        }
    }

    [Fact]
    public void SameSeedGivesSameMasks()
    {
        var a = new DropoutMasks<float>([7, 5], 0.5, 10);
        var b = new DropoutMasks<float>([7, 5], 0.5, 10);
        a.Fill(new Random(42), 9);
        b.Fill(new Random(42), 9);
        Assert.True(a.GetMask(0).SequenceEqual(b.GetMask(0)));
        Assert.True(a.GetMask(1).SequenceEqual(b.GetMask(1)));
        b.Fill(new Random(43), 9);
        Assert.False(a.GetMask(0).SequenceEqual(b.GetMask(0)));
    }

    [Fact]
    public void ZeroRateLayerIsAllOnesAndDrawsNothing()
    {
        var masks = new DropoutMasks<double>([4, 6], [0.0, 0.5], 3);
        var random = new Random(5);
        masks.Fill(random, 3);
        Assert.All(masks.GetMask(0).ToArray(), v => Assert.Equal(1.0, v));

        // The draws of layer 1 must be the first 18 of the stream, so the next value is the 19th.
        var reference = new Random(5);
        for (int i = 0; i < 18; i++)
        {
            reference.NextDouble();
        }

        Assert.Equal(reference.NextDouble(), random.NextDouble());
    }

    [Fact]
    public void ResetKeepsEverything()
    {
        var masks = new DropoutMasks<double>([3], 0.9, 4);
        masks.Fill(new Random(0), 4);
        masks.Reset(2);
        Assert.Equal(2, masks.Rows);
        Assert.Equal([1.0, 1.0, 1.0, 1.0, 1.0, 1.0], masks.GetMask(0).ToArray());
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Equal("rates", Assert.Throws<ArgumentException>(() => new DropoutMasks<double>([3, 4], 1.0, 4)).ParamName);
        Assert.Equal("rates", Assert.Throws<ArgumentException>(() => new DropoutMasks<double>([3, 4], [0.1], 4)).ParamName);
        Assert.Contains("hidden layer 1", Assert.Throws<ArgumentException>(() => new DropoutMasks<double>([3, 4], [0.1, -0.1], 4)).Message);
        Assert.Contains("Hidden layer 0", Assert.Throws<ArgumentException>(() => new DropoutMasks<double>([0], 0.1, 4)).Message);
        var masks = new DropoutMasks<double>([3], 0.5, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => masks.Fill(new Random(0), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => masks.Fill(new Random(0), 0));
    }
}
