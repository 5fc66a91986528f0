using MlNetNeural.Neural;

namespace MlNetNeural.Persistence;

/// <summary>
/// Refuses loaded parameters that are finite but so large that scoring would overflow float32 and
/// produce ±∞ or NaN. A model zip is untrusted: one flipped exponent bit turns a weight of 0.5 into
/// 10³⁸, which <see cref="ModelDecoder"/>'s finiteness check accepts.
/// </summary>
/// <remarks>
/// For inputs with every feature within ±<see cref="InputBound"/>, a dense layer's pre-activation
/// satisfies |zⱼ| ≤ Σᵢ |Wⱼᵢ|·B + |bⱼ|, where B bounds the layer's input; the bound is carried through
/// the layers (tanh and sigmoid outputs are at most 1, ELU's at least −α) in double. If any layer's bound
/// exceeds <see cref="float.MaxValue"/>, the model is refused. Trained models are many orders of magnitude
/// inside the bound; so scores of a loaded model are finite for any such input. The MLP training loop
/// applies the same bound after every epoch (a diverged run), so it never returns a model the loader refuses.
/// </remarks>
internal static class OverflowGuard
{
    /// <summary>The input magnitude a loaded model must score without overflow: 2²⁰, about a million.</summary>
    public const double InputBound = 1 << 20;

    /// <summary>Worst-case |output| of <paramref name="network"/> over inputs within ±<paramref name="inputBound"/>, or +∞ if a layer could overflow float32.</summary>
    /// <param name="network">The network.</param>
    /// <param name="inputBound">The largest input magnitude; <see cref="InputBound"/> by default.</param>
    public static double NetworkBound(DenseNetwork network, double inputBound = InputBound)
    {
        ArgumentNullException.ThrowIfNull(network);
        double bound = inputBound;
        for (int l = 0; l < network.LayerCount; l++)
        {
            double z = LayerBound(network.Weights[l].Span, network.Biases[l].Span, network.LayerInputSize(l), bound);
            if (z > float.MaxValue)
                return double.PositiveInfinity;
            bound = OutputBound(network.Activations[l], z);
        }
        return bound;
    }

    /// <summary>
    /// <see cref="NetworkBound(DenseNetwork, double)"/> on raw training arrays, without building a network: the
    /// training loop checks every epoch this way. With <paramref name="inputMajorFirstLayer"/> the first weight
    /// matrix is stored in × out (as the sparse-input engine holds it).
    /// </summary>
    /// <param name="inputSize">Inputs of the first layer.</param>
    /// <param name="weights">Per layer, the weights (out × in; the first in × out when <paramref name="inputMajorFirstLayer"/>).</param>
    /// <param name="biases">Per layer, the biases.</param>
    /// <param name="activations">Per layer, the activation.</param>
    /// <param name="inputMajorFirstLayer">Whether the first weight matrix is stored in × out.</param>
    /// <param name="inputBound">The largest input magnitude.</param>
    /// <returns>The worst-case output magnitude, or +∞ once a layer exceeds float32.</returns>
    public static double NetworkBound(int inputSize, IReadOnlyList<float[]> weights, IReadOnlyList<float[]> biases,
        IReadOnlyList<Activation> activations, bool inputMajorFirstLayer, double inputBound)
    {
        double bound = inputBound;
        int fanIn = inputSize;
        for (int l = 0; l < weights.Count; l++)
        {
            double z = l == 0 && inputMajorFirstLayer
                ? InputMajorLayerBound(weights[0], biases[0], bound)
                : LayerBound(weights[l], biases[l], fanIn, bound);
            if (z > float.MaxValue)
                return double.PositiveInfinity;
            bound = OutputBound(activations[l], z);
            fanIn = biases[l].Length;
        }
        return bound;
    }

    private static double OutputBound(Activation activation, double z) => activation switch
    {
        Activation.Tanh or Activation.Sigmoid => 1,
        Activation.Elu => Math.Max(z, ActivationFunctions.EluAlpha),
        Activation.Selu => ActivationFunctions.SeluScale * Math.Max(z, ActivationFunctions.SeluAlpha),
        _ => z, // Identity, ReLU, leaky ReLU, GELU, SiLU and Mish never grow a magnitude: |f(z)| ≤ |z|
    };

    // LayerBound for Wᵀ (in × out): the column sums of |Wᵀ|, read in memory order and vectorised (a text model's
    // first layer has millions of rows and is checked every epoch). Summed in float: a bound that overflows float
    // here overflows the scores anyway.
    private static double InputMajorLayerBound(ReadOnlySpan<float> transposed, ReadOnlySpan<float> biases, double inputBound)
    {
        int outputs = biases.Length;
        var sums = new float[outputs];
        var magnitudes = new float[outputs];
        for (int i = 0; i < transposed.Length; i += outputs)
        {
            System.Numerics.Tensors.TensorPrimitives.Abs(transposed.Slice(i, outputs), magnitudes);
            System.Numerics.Tensors.TensorPrimitives.Add(sums, magnitudes, sums);
        }
        double worst = 0;
        for (int j = 0; j < outputs; j++)
            worst = Math.Max(worst, sums[j] * inputBound + Math.Abs(biases[j]));
        return worst;
    }

    /// <summary>max over rows j of Σᵢ |Wⱼᵢ|·<paramref name="inputBound"/> + |bⱼ|, for row-major weights.</summary>
    /// <param name="weights">Row-major weights, <c>biases.Length × fanIn</c>.</param>
    /// <param name="biases">One bias per row.</param>
    /// <param name="fanIn">The row length.</param>
    /// <param name="inputBound">The largest input magnitude.</param>
    public static double LayerBound(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int fanIn, double inputBound)
    {
        double worst = 0;
        for (int j = 0; j < biases.Length; j++)
        {
            double sum = 0;
            foreach (float w in weights.Slice(j * fanIn, fanIn))
                sum += Math.Abs(w);
            worst = Math.Max(worst, sum * inputBound + Math.Abs(biases[j]));
        }
        return worst;
    }

    /// <summary>Throws a format error naming <paramref name="field"/> when <paramref name="bound"/> exceeds float32's range.</summary>
    internal static void Check(ModelDecoder decoder, string field, double bound)
    {
        if (!(bound <= float.MaxValue))
            throw decoder.Corrupt(field, $"is so large that scores would overflow float32 for inputs within ±{InputBound} (worst case {bound:G3})");
    }
}
