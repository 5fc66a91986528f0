using System.Numerics;

namespace MlNetNeural.Neural.Optimizers;

/// <summary>
/// One parameter array handed to <see cref="Optimizer{T}.Step"/>: its values (updated in place),
/// the gradient of the objective with respect to them (read only), and whether it is a weight.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> in production, <see cref="double"/> in tests.</typeparam>
/// <param name="Values">The parameter values; the optimizer updates them in place.</param>
/// <param name="Gradient">The gradient, same length as <paramref name="Values"/>; never modified by the optimizer.</param>
/// <param name="IsWeight">
/// <see langword="true"/> for weight matrices, <see langword="false"/> for biases. Weight decay
/// (coupled or decoupled) applies only where this is <see langword="true"/>.
/// </param>
public readonly record struct OptimizerParameter<T>(T[] Values, T[] Gradient, bool IsWeight)
    where T : unmanaged, IFloatingPointIeee754<T>;
