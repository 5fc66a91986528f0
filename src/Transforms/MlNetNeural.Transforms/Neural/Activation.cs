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

    /// <summary>
    /// SELU (Klambauer et al., 2017): f(z) = λ·z for z &gt; 0, otherwise λ·α·(eᶻ − 1), with
    /// <see cref="ActivationFunctions.SeluScale"/> λ and <see cref="ActivationFunctions.SeluAlpha"/> α (PyTorch's constants).
    /// </summary>
    Selu = 6,

    /// <summary>
    /// GELU in its tanh form (Hendrycks and Gimpel, 2016), as PyTorch's <c>gelu(approximate='tanh')</c>:
    /// f(z) = ½·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))). It differs from the erf form by less than 5·10⁻⁴.
    /// </summary>
    Gelu = 7,

    /// <summary>SiLU, also called swish (Elfwing et al., 2017; Ramachandran et al., 2017): f(z) = z / (1 + e⁻ᶻ).</summary>
    Silu = 8,

    /// <summary>Mish (Misra, 2019): f(z) = z·tanh(softplus(z)), softplus(z) = ln(1 + eᶻ).</summary>
    Mish = 9,
}
