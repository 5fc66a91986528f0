using System;
using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>
/// Absolute error ℓ = |y − t| (PyTorch's <c>L1Loss</c>); the subgradient sign(y − t) is 0
/// when y = t, as in PyTorch.
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
internal sealed class MeanAbsoluteErrorLoss<T> : ElementwiseMeanLoss<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override LossFunction Kind => LossFunction.MeanAbsoluteError;

    /// <inheritdoc/>
    protected override double Element(double output, double target, out double derivative)
    {
        double d = output - target;
        derivative = Math.Sign(d);
        return Math.Abs(d);
    }
}
