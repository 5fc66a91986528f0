namespace MlNetNeural.Neural.Initialization;

/// <summary>How a dense layer's weights are drawn before training; see <see cref="WeightInitialization"/>.</summary>
public enum WeightInitializerKind
{
    /// <summary>Uniform on ±√(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010); suits tanh and sigmoid layers.</summary>
    GlorotUniform,

    /// <summary>Normal with standard deviation √(2 / (fan_in + fan_out)).</summary>
    GlorotNormal,

    /// <summary>Uniform on ±√(6 / fan_in) (He et al., 2015); suits ReLU layers.</summary>
    HeUniform,

    /// <summary>Normal with standard deviation √(2 / fan_in).</summary>
    HeNormal,

    /// <summary>Uniform on ±1/√fan_in, the default of torch's <c>nn.Linear</c>.</summary>
    Uniform,
}
