using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Tests.Infrastructure;

/// <summary>Reads every value of a scored column as floats, flattened row by row.</summary>
public static class Scores
{
    public static float[] Read(IDataView scored, string column = "Score")
    {
        var col = scored.Schema[column];
        var values = new List<float>();
        using var cursor = scored.GetRowCursor([col]);
        if (col.Type is VectorDataViewType)
        {
            var getter = cursor.GetGetter<VBuffer<float>>(col);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                values.AddRange(buffer.DenseValues());
            }
        }
        else
        {
            var getter = cursor.GetGetter<float>(col);
            float value = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                values.Add(value);
            }
        }
        return values.ToArray();
    }

    public static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
