using System;
using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>
/// Huber loss with threshold δ (PyTorch's <c>HuberLoss</c>, not <c>SmoothL1Loss</c>):
/// ℓ = ½d² for |d| ≤ δ, δ(|d| − ½δ) otherwise, with d = y − t; ∂ℓ/∂y = clamp(d, −δ, δ).
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
internal sealed class HuberLoss<T> : ElementwiseMeanLoss<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The default δ, PyTorch's.</summary>
    public const double DefaultDelta = 1.0;

    /// <summary>Creates the loss.</summary>
    /// <param name="delta">The threshold δ between the quadratic and linear parts; finite and positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and positive.</exception>
    public HuberLoss(double delta = DefaultDelta)
    {
        if (!(delta > 0) || double.IsInfinity(delta))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The Huber delta must be finite and positive.");
        }

        Delta = delta;
    }

    /// <summary>The threshold δ.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override LossFunction Kind => LossFunction.Huber;

    /// <inheritdoc/>
    protected override double Element(double output, double target, out double derivative)
    {
        double d = output - target;
        double a = Math.Abs(d);
        if (a <= Delta)
        {
            derivative = d;
            return 0.5 * d * d;
        }

        derivative = Math.CopySign(Delta, d);
        return Delta * (a - (0.5 * Delta));
    }
}
