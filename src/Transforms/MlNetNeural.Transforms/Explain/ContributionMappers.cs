using Microsoft.ML.Data;
using Microsoft.ML.Numeric;
using MlNetNeural.Neural;

namespace MlNetNeural.Explain;

/// <summary>
/// The value mappers behind <c>CalculateFeatureContribution</c>: contributions, then ML.NET's own selection of the
/// <c>top</c> positive and <c>bottom</c> negative ones and optional scaling to [−1, 1] (<c>VectorUtils.SparsifyNormalize</c>,
/// as its linear and tree models use), so our models answer exactly as built-in ones would.
/// </summary>
internal static class ContributionMappers
{
    /// <summary>The defaults ML.NET's <c>CalculateFeatureContribution</c> gets from an MLP, which it cannot pass options to.</summary>
    public const FeatureContributionMethod DefaultMethod = FeatureContributionMethod.IntegratedGradients;

    /// <summary>Path segments integrated gradients starts with unless told otherwise.</summary>
    public const int DefaultSteps = 32;

    /// <summary>The most segments the completeness refinement may reach (32 · 3⁵) unless told otherwise.</summary>
    public const int DefaultMaximumSteps = 7776;

    /// <summary>A network's contributions to <c>outputScale</c> × its single output.</summary>
    public static ValueMapper<TSrc, VBuffer<float>> ForNetwork<TSrc>(DenseNetwork network, InputEncoding? encoding, float outputScale, int top, int bottom, bool normalize)
    {
        CheckTypes<TSrc>(top, bottom);
        var contributions = new NetworkContributions(network, encoding, DefaultMethod, DefaultSteps, DefaultMaximumSteps, baseline: null);
        float[] outputWeights = [outputScale];
        ValueMapper<VBuffer<float>, VBuffer<float>> mapper = (in VBuffer<float> src, ref VBuffer<float> dst) =>
        {
            contributions.Prepare(src);
            contributions.Explain(outputWeights, ref dst);
            VectorUtils.SparsifyNormalize(ref dst, top, bottom, normalize);
        };
        return (ValueMapper<TSrc, VBuffer<float>>)(Delegate)mapper;
    }

    /// <summary>A linear score's exact contributions wᵢ·xᵢ (the bias is nobody's), at the row's stored slots.</summary>
    public static ValueMapper<TSrc, VBuffer<float>> ForLinear<TSrc>(float[] weights, int top, int bottom, bool normalize)
    {
        CheckTypes<TSrc>(top, bottom);
        ValueMapper<VBuffer<float>, VBuffer<float>> mapper = (in VBuffer<float> src, ref VBuffer<float> dst) =>
        {
            LinearContributions(weights, src, ref dst);
            VectorUtils.SparsifyNormalize(ref dst, top, bottom, normalize);
        };
        return (ValueMapper<TSrc, VBuffer<float>>)(Delegate)mapper;
    }

    /// <summary>Writes wᵢ·xᵢ for every stored slot of <paramref name="features"/>, keeping its sparsity.</summary>
    public static void LinearContributions(ReadOnlySpan<float> weights, in VBuffer<float> features, ref VBuffer<float> contributions)
    {
        Persistence.FeatureVectors.CheckLength(features, weights.Length);
        features.CopyTo(ref contributions);
        var editor = VBufferEditor.CreateFromBuffer(ref contributions);
        if (contributions.IsDense)
        {
            for (int i = 0; i < editor.Values.Length; i++)
                editor.Values[i] *= weights[i];
        }
        else
        {
            for (int j = 0; j < editor.Values.Length; j++)
                editor.Values[j] *= weights[editor.Indices[j]];
        }

        contributions = editor.Commit();
    }

    private static void CheckTypes<TSrc>(int top, int bottom)
    {
        if (typeof(TSrc) != typeof(VBuffer<float>))
            throw new InvalidOperationException($"Feature contributions are computed from a VBuffer<float> features column, not {typeof(TSrc).Name}.");
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(bottom);
    }
}
