using MlNetNeural.Neural;
using Xunit;

namespace MlNetNeural.Neural.Tests.Support;

/// <summary>Central finite differences against an analytic gradient, in double.</summary>
internal static class GradientCheck
{
    public const double Step = 1e-6;

    /// <summary>
    /// Largest tolerated |analytic − numeric| is <see cref="RelativeTolerance"/>·max(|analytic|, |numeric|)
    /// plus <see cref="AbsoluteTolerance"/>. The absolute part covers gradients near 0, where the
    /// numeric estimate's rounding error (≈ 1e-16·|f| / 1e-6) dominates any relative measure.
    /// </summary>
    public const double RelativeTolerance = 1e-6;

    /// <summary>See <see cref="RelativeTolerance"/>.</summary>
    public const double AbsoluteTolerance = 1e-8;

    /// <summary>Checks every entry of <paramref name="analytic"/> against differences of <paramref name="objective"/>.</summary>
    public static void AssertGradient(ParameterSet<double> parameters, ParameterSet<double> analytic, Func<double> objective)
    {
        int nonZero = 0;
        for (int a = 0; a < parameters.ArrayCount; a++)
        {
            double[] values = parameters.GetArray(a).Values;
            double[] gradient = analytic.GetArray(a).Values;
            for (int i = 0; i < values.Length; i++)
            {
                double numeric = Numeric(values, i, objective);
                AssertClose(gradient[i], numeric, $"array {a} ({(a % 2 == 0 ? "weights" : "biases")} of layer {a / 2}), index {i}");
                nonZero += Math.Abs(numeric) > 1e-6 ? 1 : 0;
            }
        }

        // Guards against a vacuous pass, e.g. an objective that ignores the parameters.
        Assert.True(nonZero > 0, "Every numeric gradient was zero.");
    }

    /// <summary>Checks ∂f/∂values[i] for every i against <paramref name="analytic"/>.</summary>
    public static void AssertGradient(double[] values, ReadOnlySpan<double> analytic, Func<double> objective)
    {
        Assert.Equal(values.Length, analytic.Length);
        for (int i = 0; i < values.Length; i++)
        {
            AssertClose(analytic[i], Numeric(values, i, objective), $"index {i}");
        }
    }

    public static double Numeric(double[] values, int i, Func<double> objective)
    {
        double saved = values[i];
        values[i] = saved + Step;
        double plus = objective();
        values[i] = saved - Step;
        double minus = objective();
        values[i] = saved;
        return (plus - minus) / (2 * Step);
    }

    public static void AssertClose(double analytic, double numeric, string where)
    {
        double error = Math.Abs(analytic - numeric);
        double allowed = (RelativeTolerance * Math.Max(Math.Abs(analytic), Math.Abs(numeric))) + AbsoluteTolerance;
        Assert.True(
            error <= allowed,
            $"Gradient mismatch at {where}: analytic {analytic:R}, numeric {numeric:R}, error {error:E3} > {allowed:E3}.");
    }
}
