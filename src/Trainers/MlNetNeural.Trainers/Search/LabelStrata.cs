using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Search;

/// <summary>
/// The rows of a data view grouped by label value, read in one pass: each distinct label value is a
/// stratum, numbered in order of first appearance, and a missing label (NaN, key 0) is a stratum of its own.
/// </summary>
internal sealed class LabelStrata
{
    private const string SupportedTypes = "Boolean, Single, Double, String (text) and key types";

    private LabelStrata(int rowCount, int[][] rows)
    {
        RowCount = rowCount;
        Rows = rows;
    }

    /// <summary>How many rows the data has.</summary>
    public int RowCount { get; }

    /// <summary>Per stratum, in order of first appearance, the positions of its rows in ascending order.</summary>
    public IReadOnlyList<int[]> Rows { get; }

    /// <summary>Checks that <paramref name="labelColumnName"/> names a column of a supported type and returns it.</summary>
    /// <exception cref="ArgumentException">The column is missing or of a type that cannot be stratified by.</exception>
    public static DataViewSchema.Column CheckLabelColumn(DataViewSchema schema, string labelColumnName)
    {
        if (string.IsNullOrWhiteSpace(labelColumnName))
            throw new ArgumentException("Option labelColumnName must name the label column to stratify by.", nameof(labelColumnName));
        if (schema.GetColumnOrNull(labelColumnName) is not { } column)
            throw new ArgumentException($"Label column '{labelColumnName}' (option labelColumnName) was not found in the data.", nameof(labelColumnName));
        var type = column.Type;
        bool supported = type is BooleanDataViewType or TextDataViewType or KeyDataViewType
            || type == NumberDataViewType.Single || type == NumberDataViewType.Double;
        if (!supported)
            throw new ArgumentException(
                $"Label column '{labelColumnName}' has type {type}, which a stratified split cannot stratify by; supported label types are {SupportedTypes}.",
                nameof(labelColumnName));
        return column;
    }

    /// <summary>Reads the label column of <paramref name="data"/> (checked with <see cref="CheckLabelColumn"/>) in one pass.</summary>
    public static LabelStrata Read(IDataView data, string labelColumnName)
    {
        var column = CheckLabelColumn(data.Schema, labelColumnName);
        return column.Type switch
        {
            BooleanDataViewType => Read<bool, bool>(data, column, v => v),
            TextDataViewType => Read<ReadOnlyMemory<char>, string>(data, column, v => v.ToString()),
            KeyDataViewType key when key.RawType == typeof(byte) => Read<byte, ulong>(data, column, v => v),
            KeyDataViewType key when key.RawType == typeof(ushort) => Read<ushort, ulong>(data, column, v => v),
            KeyDataViewType key when key.RawType == typeof(uint) => Read<uint, ulong>(data, column, v => v),
            KeyDataViewType key when key.RawType == typeof(ulong) => Read<ulong, ulong>(data, column, v => v),
            // Dictionary keys compare with Equals, under which NaN equals NaN: the missing labels form one stratum.
            _ when column.Type == NumberDataViewType.Single => Read<float, float>(data, column, v => v),
            _ when column.Type == NumberDataViewType.Double => Read<double, double>(data, column, v => v),
            _ => throw new ArgumentException($"Label column '{labelColumnName}' has type {column.Type}; supported label types are {SupportedTypes}.", nameof(labelColumnName)),
        };
    }

    /// <summary>
    /// Each stratum's rows shuffled (Fisher–Yates) by one <c>new Random(seed)</c>, stratum after stratum in
    /// order of first appearance; the same seed always gives the same order.
    /// </summary>
    public int[][] Shuffled(int seed)
    {
        var random = new Random(seed);
        var shuffled = new int[Rows.Count][];
        for (int s = 0; s < shuffled.Length; s++)
        {
            var rows = (int[])Rows[s].Clone();
            for (int i = rows.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }
            shuffled[s] = rows;
        }
        return shuffled;
    }

    private static LabelStrata Read<TValue, TStratum>(IDataView data, DataViewSchema.Column column, Func<TValue, TStratum> stratumOf)
        where TStratum : notnull
    {
        var ids = new Dictionary<TStratum, int>();
        var rows = new List<List<int>>();
        int count = 0;
        using (var cursor = data.GetRowCursor([column]))
        {
            var getter = cursor.GetGetter<TValue>(column);
            TValue value = default!;
            while (cursor.MoveNext())
            {
                getter(ref value);
                var stratum = stratumOf(value);
                if (!ids.TryGetValue(stratum, out int id))
                {
                    ids.Add(stratum, id = ids.Count);
                    rows.Add([]);
                }
                rows[id].Add(count);
                count = checked(count + 1);
            }
        }
        return new LabelStrata(count, rows.Select(r => r.ToArray()).ToArray());
    }
}
