using MlNetNeural.Neural;
using Xunit;

namespace MlNetNeural.Neural.Tests.Network;

public class SoftmaxTests
{
    [Fact]
    public void MatchesTheDefinitionForModerateLogits()
    {
        double[] z = [0.5, -1, 2];
        var p = new double[3];
        Softmax.Apply<double>(z, p);
        double sum = Math.Exp(0.5) + Math.Exp(-1) + Math.Exp(2);
        Assert.Equal(Math.Exp(0.5) / sum, p[0], 15);
        Assert.Equal(Math.Exp(-1) / sum, p[1], 15);
        Assert.Equal(Math.Exp(2) / sum, p[2], 15);
    }

    [Fact]
    public void HugeLogitsInFloatGiveFiniteProbabilities()
    {
        Span<float> z = [1000f, 999f, -1000f];
        Softmax.Apply<float>(z, z); // in place
        Assert.All(z.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1 / (1 + MathF.Exp(-1)), z[0], 6);
        Assert.Equal(0f, z[2]);
        Assert.Equal(1f, z[0] + z[1] + z[2], 6);
    }

    [Fact]
    public void EmptyOrMismatchedSpansAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Softmax.Apply<double>([], []));
        Assert.Throws<ArgumentException>(() => Softmax.Apply<double>([1, 2], new double[3]));
    }
}
