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
public static class OverflowGuard
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
            bound = network.Activations[l] switch
            {
                Activation.Tanh or Activation.Sigmoid => 1,
                Activation.Elu => Math.Max(z, ActivationFunctions.EluAlpha),
                _ => z, // Identity, ReLU and leaky ReLU never grow a magnitude
            };
        }
        return bound;
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
