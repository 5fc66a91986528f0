using Microsoft.ML.Data;

namespace MlNetNeural.Persistence;

/// <summary>Turns ML.NET feature vectors into dense spans for the scoring kernels.</summary>
internal static class FeatureVectors
{
    public static void CheckLength(in VBuffer<float> src, int expected)
    {
        if (src.Length != expected)
            throw new ArgumentException($"The features vector has {src.Length} slots but the model was trained on {expected}.");
    }

    /// <summary>Returns the dense values of <paramref name="src"/>, copying into <paramref name="buffer"/> only when sparse.</summary>
    public static ReadOnlySpan<float> Densify(in VBuffer<float> src, float[] buffer)
    {
        if (src.IsDense)
            return src.GetValues();
        Array.Clear(buffer);
        var values = src.GetValues();
        var indices = src.GetIndices();
        for (int i = 0; i < values.Length; i++)
            buffer[indices[i]] = values[i];
        return buffer;
    }
}
