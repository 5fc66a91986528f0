using System;
using System.Numerics;

namespace MlNetNeural.Neural.Optimizers;

/// <summary>Creates the optimizer for an <see cref="OptimizerKind"/> from <see cref="OptimizerSettings"/>.</summary>
internal static class OptimizerFactory
{
    /// <summary>Validates <paramref name="settings"/> and creates the optimizer <paramref name="kind"/> names.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="kind">Which update rule.</param>
    /// <param name="settings">The hyper-parameters; <see langword="null"/> means all defaults.</param>
    /// <returns>A fresh optimizer with no state.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range, <paramref name="kind"/> is unknown, or <paramref name="kind"/> is Nesterov and <see cref="OptimizerSettings.Momentum"/> is 0.</exception>
    public static Optimizer<T> Create<T>(OptimizerKind kind, OptimizerSettings? settings = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        settings ??= new OptimizerSettings();
        settings.Validate();
        if (kind == OptimizerKind.Nesterov)
        {
            OptionChecks.OpenFraction(settings.Momentum, nameof(settings.Momentum));
        }

        return kind switch
        {
            OptimizerKind.Sgd => new SgdOptimizer<T>(0, nesterov: false, settings.WeightDecay),
            OptimizerKind.Momentum => new SgdOptimizer<T>(settings.Momentum, nesterov: false, settings.WeightDecay),
            OptimizerKind.Nesterov => new SgdOptimizer<T>(settings.Momentum, nesterov: true, settings.WeightDecay),
            OptimizerKind.RMSprop => new RmsPropOptimizer<T>(
                settings.Rho, settings.Epsilon, settings.RmsPropMomentum, settings.RmsPropCentered, settings.WeightDecay),
            OptimizerKind.Adam => new AdamOptimizer<T>(settings.Beta1, settings.Beta2, settings.Epsilon, settings.WeightDecay),
            OptimizerKind.AdamW => new AdamWOptimizer<T>(settings.Beta1, settings.Beta2, settings.Epsilon, settings.DecoupledWeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "kind must be a defined OptimizerKind."),
        };
    }
}
