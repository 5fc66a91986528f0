using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Cli.Models;

namespace MlNetNeural.Cli.Output;

/// <summary>
/// Writes scored rows as CSV, one line per input row in input order: binary
/// <c>PredictedLabel,Score[,Probability]</c>; multiclass <c>PredictedLabel</c> (the original label text)
/// and one probability column per class; regression <c>Score</c>.
/// </summary>
internal static class PredictionWriter
{
    /// <summary>Writes the predictions in <paramref name="scored"/> to <paramref name="output"/>; returns the number of rows.</summary>
    public static long Write(IDataView scored, ModelManifest manifest, TextWriter output, CancellationToken cancellation)
    {
        var schema = scored.Schema;
        var score = schema["Score"];
        var predicted = schema.GetColumnOrNull("PredictedLabel");
        var probability = schema.GetColumnOrNull("Probability");
        var columns = new List<DataViewSchema.Column> { score };
        if (predicted is { } p)
            columns.Add(p);
        if (probability is { } q)
            columns.Add(q);

        using var cursor = scored.GetRowCursor(columns);
        var cells = new List<Func<IEnumerable<string>>>();
        var header = new List<string>();
        if (predicted is { } label)
        {
            header.Add("PredictedLabel");
            cells.Add(label.Type.RawType == typeof(bool) ? Cell<bool>(cursor, label, b => b ? "true" : "false")
                : label.Type.RawType == typeof(ReadOnlyMemory<char>) ? Cell<ReadOnlyMemory<char>>(cursor, label, t => Quote(t.ToString()))
                : Cell<uint>(cursor, label, k => k.ToString(CultureInfo.InvariantCulture)));
        }
        if (score.Type is VectorDataViewType vector)
        {
            header.AddRange(ClassNames(score, vector.Size).Select(c => Quote("Score." + c)));
            var getter = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> value = default;
            cells.Add(() =>
            {
                getter(ref value);
                return value.DenseValues().Select(Number);
            });
        }
        else
        {
            header.Add("Score");
            cells.Add(Cell<float>(cursor, score, Number));
        }
        if (probability is { } prob)
        {
            header.Add("Probability");
            cells.Add(Cell<float>(cursor, prob, Number));
        }

        output.WriteLine(string.Join(",", header));
        long rows = 0;
        while (cursor.MoveNext())
        {
            if ((rows & 1023) == 0)
                cancellation.ThrowIfCancellationRequested();
            output.WriteLine(string.Join(",", cells.SelectMany(c => c())));
            rows++;
        }
        return rows;
    }

    private static Func<IEnumerable<string>> Cell<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, string> format)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return [format(value)];
        };
    }

    /// <summary>The score's slot names (the class labels) when the model recorded them, else 0, 1, ….</summary>
    private static IEnumerable<string> ClassNames(DataViewSchema.Column score, int size)
    {
        if (score.HasSlotNames())
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            score.GetSlotNames(ref names);
            var classes = names.DenseValues().Select(n => n.ToString()).ToArray();
            if (classes.Length == size)
                return classes;
        }
        return Enumerable.Range(0, size).Select(i => i.ToString(CultureInfo.InvariantCulture));
    }

    private static string Number(float value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A CSV field, quoted when it holds a comma, quote or line break.</summary>
    private static string Quote(string text)
        => text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
