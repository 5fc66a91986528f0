using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Data;
using MlNetNeural.Neural;

namespace MlNetNeural.Persistence;

/// <summary>Turns ML.NET feature vectors into dense spans for the scoring kernels.</summary>
internal static class FeatureVectors
{
    /// <summary>Fails with ML.NET's schema-mismatch error unless column <paramref name="srcCol"/> is a vector of <paramref name="featureCount"/> floats.</summary>
    public static void CheckColumn(IExceptionContext host, DataViewSchema schema, int srcCol, string columnName, int featureCount)
    {
        var type = schema[srcCol].Type;
        if (type is not VectorDataViewType { ItemType: NumberDataViewType n, Size: int size } || n != NumberDataViewType.Single || size != featureCount)
            throw host.ExceptSchemaMismatch(nameof(schema), "input", columnName, $"Vector<Single, {featureCount}>", type.ToString());
    }

    public static void CheckLength(in VBuffer<float> src, int expected)
    {
        if (src.Length != expected)
            throw new ArgumentException($"The features vector has {src.Length} slots but the model was trained on {expected}.");
    }

    /// <summary>
    /// Runs one row through <paramref name="network"/>: a dense row as it is, a sparse row through the
    /// sparse first layer (its cost is the row's non-zeros, and its result the dense form's bits).
    /// </summary>
    public static void Forward(DenseNetwork network, in VBuffer<float> src, Span<float> output, Span<float> scratch)
    {
        CheckLength(src, network.InputSize);
        if (src.IsDense)
            network.Forward(src.GetValues(), output, scratch);
        else
            network.Forward(src.GetIndices(), src.GetValues(), output, scratch);
    }

    /// <summary>Σ weights[slot]·value over the row's stored values, plus nothing else: a dot product that costs the non-zeros.</summary>
    public static float Dot(ReadOnlySpan<float> weights, in VBuffer<float> src)
    {
        if (src.IsDense)
            return System.Numerics.Tensors.TensorPrimitives.Dot(weights, src.GetValues());
        var values = src.GetValues();
        var indices = src.GetIndices();
        float sum = 0;
        for (int i = 0; i < values.Length; i++)
            sum += weights[indices[i]] * values[i];
        return sum;
    }
}
