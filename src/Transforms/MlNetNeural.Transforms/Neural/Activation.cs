namespace MlNetNeural.Neural;

/// <summary>
/// The element-wise non-linearity applied after a dense layer.
/// </summary>
/// <remarks>
/// The numeric values are written into saved model files: never renumber a member, only append.
/// The constants of the parameterized functions are on <see cref="ActivationFunctions"/>.
/// </remarks>
public enum Activation : int
{
    /// <summary>f(z) = z. The output layer uses it so that the network emits logits or raw scores.</summary>
    Identity = 0,

    /// <summary>f(z) = max(z, 0).</summary>
    Relu = 1,

    /// <summary>f(z) = z for z &gt; 0, otherwise <see cref="ActivationFunctions.LeakyReluSlope"/>·z.</summary>
    LeakyRelu = 2,

    /// <summary>f(z) = z for z &gt; 0, otherwise <see cref="ActivationFunctions.EluAlpha"/>·(eᶻ − 1).</summary>
    Elu = 3,

    /// <summary>f(z) = tanh(z).</summary>
    Tanh = 4,

    /// <summary>f(z) = 1 / (1 + e⁻ᶻ).</summary>
    Sigmoid = 5,
}
