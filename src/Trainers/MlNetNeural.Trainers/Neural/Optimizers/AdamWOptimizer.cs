using System;
using System.Numerics;

namespace MlNetNeural.Neural.Optimizers;

/// <summary>
/// AdamW, as <c>torch.optim.AdamW</c> (without amsgrad): Adam with the weight decay decoupled
/// from the gradient and applied before the Adam step, <c>w ← w − η·λ·w</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// The decay applies only to parameters whose <see cref="OptimizerParameter{T}.IsWeight"/> is
/// true. This differs from torch's default, which puts every parameter (biases included) in one
/// group with the same decay; to reproduce torch exactly, mark biases as weights, or give torch
/// two parameter groups with decay 0 for the biases.
/// </remarks>
internal sealed class AdamWOptimizer<T> : AdamOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator; finite and &gt; 0.</param>
    /// <param name="weightDecay">Decoupled weight decay λ &gt;= 0, applied to weights only.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public AdamWOptimizer(
        double beta1 = OptimizerSettings.Defaults.Beta1,
        double beta2 = OptimizerSettings.Defaults.Beta2,
        double epsilon = OptimizerSettings.Defaults.Epsilon,
        double weightDecay = OptimizerSettings.Defaults.DecoupledWeightDecay)
        : base(beta1, beta2, epsilon, weightDecay, decoupled: true)
    {
    }
}
