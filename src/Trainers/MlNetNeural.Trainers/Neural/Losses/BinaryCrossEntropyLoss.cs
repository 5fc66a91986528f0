using System;
using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>
/// Binary cross-entropy computed from the logit z (PyTorch's <c>BCEWithLogitsLoss</c>).
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
/// <remarks>
/// ℓ(z, t) = −t·log σ(z) − (1 − t)·log(1 − σ(z)), evaluated as
/// max(z, 0) − z·t + log(1 + e^(−|z|)): the exponent is never positive, so logits of ±1000
/// give a finite loss (about 1000 when wrong, 0 when right) instead of log(0).
/// ∂ℓ/∂z = σ(z) − t. Targets are 0 or 1 (values in between act as soft labels). With more
/// than one output per row (multi-label) the row loss is the mean over outputs.
/// </remarks>
internal sealed class BinaryCrossEntropyLoss<T> : ElementwiseMeanLoss<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override LossFunction Kind => LossFunction.BinaryCrossEntropy;

    /// <inheritdoc/>
    protected override double Element(double output, double target, out double derivative)
    {
        double e = Math.Exp(-Math.Abs(output));
        // σ(z) from e = e^(−|z|): 1/(1+e) for z ≥ 0, e/(1+e) for z < 0; both avoid overflow.
        double sigmoid = output >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        derivative = sigmoid - target;
        return Math.Max(output, 0) - (output * target) + Math.Log(1.0 + e);
    }
}
