using MlNetNeural.Neural;

namespace MlNetNeural.Training;

/// <summary>
/// Switches a parameter set's first weight matrix between the network's out × in layout and the in × out layout the
/// sparse-input engine trains in (where each input column's weights are one contiguous row). The training loop converts
/// fresh or continued weights on the way in; the fitted network is built from the input-major weights directly.
/// </summary>
internal static class FirstLayerLayout
{
    public static void ToInputMajor(ParameterSet<float> parameters) =>
        parameters.Weights[0] = MatrixVector.Transpose(parameters.Weights[0], parameters.LayerSizes[0], parameters.InputSize);
}
