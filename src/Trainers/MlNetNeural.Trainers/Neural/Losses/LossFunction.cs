namespace MlNetNeural.Neural.Losses;

/// <summary>The per-example loss a network is trained to minimize.</summary>
/// <remarks>
/// Conventions follow PyTorch's loss modules with mean reduction; see each implementation.
/// Create instances with <see cref="LossFactory.Create{T}"/>.
/// </remarks>
public enum LossFunction
{
    /// <summary>Binary cross-entropy on logits (PyTorch's <c>BCEWithLogitsLoss</c>); binary classification.</summary>
    BinaryCrossEntropy = 0,

    /// <summary>Softmax cross-entropy on logits (PyTorch's <c>CrossEntropyLoss</c>); multiclass classification.</summary>
    SoftmaxCrossEntropy = 1,

    /// <summary>(y − t)², no ½ (PyTorch's <c>MSELoss</c>); regression.</summary>
    MeanSquaredError = 2,

    /// <summary>|y − t| (PyTorch's <c>L1Loss</c>); regression.</summary>
    MeanAbsoluteError = 3,

    /// <summary>Quadratic within δ of the target, linear outside (PyTorch's <c>HuberLoss</c>); regression.</summary>
    Huber = 4,

    /// <summary>log(cosh(y − t)); regression.</summary>
    LogCosh = 5,
}
