using System;
using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>Creates the <see cref="ILoss{T}"/> for a <see cref="LossFunction"/>.</summary>
internal static class LossFactory
{
    /// <summary>Creates a loss.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="kind">Which loss.</param>
    /// <param name="huberDelta">δ of <see cref="LossFunction.Huber"/>; ignored by the others.</param>
    /// <returns>A stateless loss object, safe to share.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is unknown, or δ is not finite and positive.</exception>
    public static ILoss<T> Create<T>(LossFunction kind, double huberDelta = HuberLoss<float>.DefaultDelta)
        where T : unmanaged, IFloatingPointIeee754<T> => kind switch
        {
            LossFunction.BinaryCrossEntropy => new BinaryCrossEntropyLoss<T>(),
            LossFunction.SoftmaxCrossEntropy => new SoftmaxCrossEntropyLoss<T>(),
            LossFunction.MeanSquaredError => new MeanSquaredErrorLoss<T>(),
            LossFunction.MeanAbsoluteError => new MeanAbsoluteErrorLoss<T>(),
            LossFunction.Huber => new HuberLoss<T>(huberDelta),
            LossFunction.LogCosh => new LogCoshLoss<T>(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown loss function {(int)kind}."),
        };
}
