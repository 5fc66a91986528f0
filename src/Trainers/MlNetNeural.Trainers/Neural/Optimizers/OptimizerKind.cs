namespace MlNetNeural.Neural.Optimizers;

/// <summary>The update rules the trainers offer, each following <c>torch.optim</c>'s formula.</summary>
/// <remarks>Not persisted anywhere, but keep the order: options and samples may refer to it by value.</remarks>
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent: <see cref="SgdOptimizer{T}"/> with momentum 0.</summary>
    Sgd,

    /// <summary>Heavy-ball momentum: <see cref="SgdOptimizer{T}"/> with <see cref="OptimizerSettings.Momentum"/>.</summary>
    Momentum,

    /// <summary>Nesterov momentum: <see cref="SgdOptimizer{T}"/> with <see cref="OptimizerSettings.Momentum"/> and the Nesterov flag.</summary>
    Nesterov,

    /// <summary>RMSprop: <see cref="RmsPropOptimizer{T}"/>.</summary>
    RMSprop,

    /// <summary>Adam: <see cref="AdamOptimizer{T}"/>.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay: <see cref="AdamWOptimizer{T}"/>.</summary>
    AdamW,
}
