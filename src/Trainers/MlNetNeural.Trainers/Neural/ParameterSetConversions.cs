using System;
using System.Collections.Generic;

namespace MlNetNeural.Neural;

/// <summary>
/// Moves parameters between the training form (<see cref="ParameterSet{T}"/>) and the
/// prediction form (<see cref="DenseNetwork"/>).
/// </summary>
internal static class ParameterSetConversions
{
    /// <summary>Builds a prediction network from trained parameters (copied, and checked finite).</summary>
    /// <param name="parameters">The trained weights and biases.</param>
    /// <param name="activations">One activation per layer.</param>
    /// <returns>A new network.</returns>
    /// <exception cref="ArgumentException">See <see cref="DenseNetwork(int, IReadOnlyList{int}, IReadOnlyList{Activation}, IReadOnlyList{float[]}, IReadOnlyList{float[]})"/>.</exception>
    public static DenseNetwork ToDenseNetwork(this ParameterSet<float> parameters, IReadOnlyList<Activation> activations)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new DenseNetwork(parameters.InputSize, parameters.LayerSizes, activations, parameters.Weights, parameters.Biases);
    }

    /// <summary>
    /// Builds the network from parameters whose first layer is held input-major (in × out), as sparse training holds it.
    /// The network adopts that layer's array (see <see cref="DenseNetwork.WithInputMajorFirstLayer"/>): the set is handed
    /// over and must not be changed afterwards.
    /// </summary>
    /// <param name="parameters">The parameters; layer 0's weights in × out.</param>
    /// <param name="activations">One activation per layer.</param>
    /// <returns>A network with the first layer's array and copies of the others.</returns>
    public static DenseNetwork ToDenseNetworkFromInputMajor(this ParameterSet<float> parameters, IReadOnlyList<Activation> activations)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return DenseNetwork.WithInputMajorFirstLayer(parameters.InputSize, parameters.LayerSizes, activations, parameters.Weights, parameters.Biases);
    }

    /// <summary>Copies a network's parameters into a new set, for example to continue training.</summary>
    /// <param name="network">The source network.</param>
    /// <returns>A new set with the network's shape and values.</returns>
    public static ParameterSet<float> ToParameterSet(this DenseNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var result = new ParameterSet<float>(network.InputSize, network.LayerSizes);
        for (int l = 0; l < network.LayerCount; l++)
        {
            network.Weights[l].Span.CopyTo(result.Weights[l]);
            network.Biases[l].Span.CopyTo(result.Biases[l]);
        }

        return result;
    }
}
