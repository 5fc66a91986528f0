using System;
using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>
/// Log-cosh loss ℓ = log(cosh(y − t)); ∂ℓ/∂y = tanh(y − t).
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
/// <remarks>
/// Evaluated as |d| + log(1 + e^(−2|d|)) − log 2, which equals log(cosh d) but does not
/// overflow: cosh(d) itself is infinite beyond |d| ≈ 710.
/// </remarks>
internal sealed class LogCoshLoss<T> : ElementwiseMeanLoss<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly double Log2 = Math.Log(2.0);

    /// <inheritdoc/>
    public override LossFunction Kind => LossFunction.LogCosh;

    /// <inheritdoc/>
    protected override double Element(double output, double target, out double derivative)
    {
        double d = output - target;
        double a = Math.Abs(d);
        derivative = Math.Tanh(d);
        return a + Math.Log(1.0 + Math.Exp(-2.0 * a)) - Log2;
    }
}
