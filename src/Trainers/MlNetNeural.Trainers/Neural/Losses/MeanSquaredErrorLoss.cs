using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>Squared error ℓ = (y − t)², without a ½ factor (PyTorch's <c>MSELoss</c>); ∂ℓ/∂y = 2(y − t).</summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
internal sealed class MeanSquaredErrorLoss<T> : ElementwiseMeanLoss<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override LossFunction Kind => LossFunction.MeanSquaredError;

    /// <inheritdoc/>
    protected override double Element(double output, double target, out double derivative)
    {
        double d = output - target;
        derivative = 2 * d;
        return d * d;
    }
}
