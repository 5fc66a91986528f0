using System;
using System.Linq;
using MlNetNeural.Neural.Initialization;
using Xunit;

namespace MlNetNeural.Neural.Tests.Initialization;

public class WeightInitializationTests
{
    private const int Outputs = 400;
    private const int Inputs = 300;

    [Theory]
    [InlineData(WeightInitializerKind.GlorotUniform)]
    [InlineData(WeightInitializerKind.GlorotNormal)]
    [InlineData(WeightInitializerKind.HeUniform)]
    [InlineData(WeightInitializerKind.HeNormal)]
    [InlineData(WeightInitializerKind.Uniform)]
    public void SameSeedSameWeightsDifferentSeedDifferentWeights(WeightInitializerKind kind)
    {
        double[] a = Fill(kind, 7, 5, 3);
        double[] b = Fill(kind, 7, 5, 3);
        double[] c = Fill(kind, 7, 5, 4);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(WeightInitializerKind.GlorotUniform, 0.0925820099772551)]  // √(6/(300+400)) = √(6/700)
    [InlineData(WeightInitializerKind.HeUniform, 0.1414213562373095)]      // √(6/300) = √0.02
    [InlineData(WeightInitializerKind.Uniform, 0.0577350269189626)]        // 1/√300
    public void UniformSamplesStayInsideTheLimitAndFillIt(WeightInitializerKind kind, double limit)
    {
        double[] w = Fill(kind, Outputs, Inputs, 1);

        Assert.All(w, x => Assert.InRange(x, -limit, limit));
        Assert.True(w.Max() > 0.99 * limit, "the largest sample should come close to the limit");
        Assert.True(w.Min() < -0.99 * limit, "the smallest sample should come close to −limit");

        // A uniform on ±L has standard deviation L/√3; with 120 000 samples the estimate is within ~0.2 %.
        Assert.Equal(limit / Math.Sqrt(3), StandardDeviation(w), 0.02 * limit / Math.Sqrt(3));
        Assert.True(Math.Abs(w.Average()) < 0.02 * limit);
    }

    [Theory]
    [InlineData(WeightInitializerKind.GlorotNormal, 0.0534522483824849)]  // √(2/700)
    [InlineData(WeightInitializerKind.HeNormal, 0.0816496580927726)]      // √(2/300)
    public void NormalSamplesHaveTheFormulaStandardDeviation(WeightInitializerKind kind, double std)
    {
        double[] w = Fill(kind, Outputs, Inputs, 1);

        Assert.Equal(std, StandardDeviation(w), 0.02 * std);
        Assert.True(Math.Abs(w.Average()) < 0.02 * std);

        // Normal, not uniform: about 68.3 % within one standard deviation, and some beyond three.
        double withinOne = w.Count(x => Math.Abs(x) < std) / (double)w.Length;
        Assert.InRange(withinOne, 0.673, 0.693);
        Assert.Contains(w, x => Math.Abs(x) > 3 * std);
    }

    [Fact]
    public void OddLengthNormalIsFilledCompletely()
    {
        var w = new double[15];
        Array.Fill(w, double.NaN);
        WeightInitialization.FillWeights<double>(WeightInitializerKind.HeNormal, w, 3, 5, new Random(2));
        Assert.All(w, x => Assert.True(double.IsFinite(x) && x != 0));
    }

    [Fact]
    public void FloatMatchesDoubleDrawnFromTheSameSeed()
    {
        double[] d = Fill(WeightInitializerKind.GlorotNormal, 4, 6, 9);
        var f = new float[24];
        WeightInitialization.FillWeights<float>(WeightInitializerKind.GlorotNormal, f, 4, 6, new Random(9));
        for (int i = 0; i < d.Length; i++)
        {
            Assert.Equal((float)d[i], f[i]);
        }
    }

    [Fact]
    public void BiasesAreZero()
    {
        var bias = new[] { 1.0, -2.0, 3.0 };
        WeightInitialization.FillBias<double>(bias);
        Assert.Equal(new double[3], bias);
    }

    [Fact]
    public void WrongLengthOrSizeThrows()
    {
        Assert.Equal("weights", Assert.Throws<ArgumentOutOfRangeException>(
            () => WeightInitialization.FillWeights<double>(WeightInitializerKind.HeNormal, new double[5], 2, 3, new Random(1))).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentOutOfRangeException>(
            () => WeightInitialization.FillWeights<double>(WeightInitializerKind.HeNormal, Span<double>.Empty, 2, 0, new Random(1))).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(
            () => WeightInitialization.FillWeights<double>((WeightInitializerKind)17, new double[6], 2, 3, new Random(1))).ParamName);
    }

    private static double[] Fill(WeightInitializerKind kind, int outputs, int inputs, int seed)
    {
        var w = new double[outputs * inputs];
        WeightInitialization.FillWeights<double>(kind, w, outputs, inputs, new Random(seed));
        return w;
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / values.Length);
    }
}
