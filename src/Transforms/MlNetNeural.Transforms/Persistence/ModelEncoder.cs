using Microsoft.ML;

namespace MlNetNeural.Persistence;

/// <summary>Writes the fields that <see cref="ModelDecoder"/> reads back.</summary>
internal static class ModelEncoder
{
    public static void WriteSingles(this ModelSaveContext ctx, ReadOnlySpan<float> values)
    {
        foreach (float value in values)
            ctx.Writer.Write(value);
    }

    public static void WriteCounts(this ModelSaveContext ctx, IReadOnlyList<int> values)
    {
        ctx.Writer.Write(values.Count);
        foreach (int value in values)
            ctx.Writer.Write(value);
    }
}
