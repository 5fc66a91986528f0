using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MlNetNeural.Data;

/// <summary>
/// Reads the feature, label and weight columns of a training set in one cursor pass, validating
/// the schema first and every value as it goes. Every error names the column (and row) at fault.
/// </summary>
internal static class TrainingDataReader
{
    public static TrainingMatrix Read(IHost host, RoleMappedData data, LabelKind kind, InvalidRowHandling invalidRows,
        FeatureStorage storage, bool requireClasses = true)
    {
        var schema = data.Schema;
        var featureColumn = schema.Feature ?? throw new ArgumentException("The training data has no feature column role.");
        var labelColumn = schema.Label ?? throw new ArgumentException("The training data has no label column role.");
        var weightColumn = schema.Weight;

        int featureCount = CheckFeatureType(featureColumn);
        int classCount = CheckLabelType(labelColumn, kind);
        if (weightColumn is { } w && w.Type != NumberDataViewType.Single && w.Type != NumberDataViewType.Double)
            throw SchemaError("example weight", w, "Single or Double");

        long expectedRows = data.Data.GetRowCount() ?? 1024;
        var features = new FeatureSink(featureCount, expectedRows, storage);
        var labels = new FloatBuffer(expectedRows);
        var weights = weightColumn is null ? null : new FloatBuffer(expectedRows);
        var columns = new Columns(featureColumn, labelColumn, weightColumn);
        var (rows, skipped) = ReadRows(host, data.Data, columns, kind, featureCount, classCount, invalidRows, features, labels, weights);
        CheckEnoughRows(host, columns, rows, skipped, labels.Count, weights);

        var labelValues = labels.ToArray();
        if (requireClasses)
            CheckClasses(labelValues, kind, labelColumn.Name);
        return new TrainingMatrix(features.Complete(), labelValues, weights?.ToArray(), classCount);
    }

    /// <summary>The roles' columns.</summary>
    private readonly record struct Columns(DataViewSchema.Column Feature, DataViewSchema.Column Label, DataViewSchema.Column? Weight);

    // One cursor pass: each row validated, then added to the sinks or skipped (InvalidRowHandling.Skip). Returns the
    // rows read and the rows skipped.
    private static (long Rows, long Skipped) ReadRows(IHost host, IDataView data, Columns columns, LabelKind kind, int featureCount, int classCount,
        InvalidRowHandling invalidRows, FeatureSink features, FloatBuffer labels, FloatBuffer? weights)
    {
        var (featureColumn, labelColumn, weightColumn) = columns;
        long skipped = 0;
        long row = -1;
        var read = new List<DataViewSchema.Column> { featureColumn, labelColumn };
        if (weightColumn is { } wc)
            read.Add(wc);

        using var cursor = data.GetRowCursor(read);
        var featureGetter = cursor.GetGetter<VBuffer<float>>(featureColumn);
        var labelGetter = MakeLabelGetter(cursor, labelColumn, kind);
        var weightGetter = weightColumn is { } weightCol ? MakeNumberGetter(cursor, weightCol) : null;
        var featureBuffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            row++;
            if ((row & 1023) == 0)
                host.CheckAlive();

            featureGetter(ref featureBuffer);
            if (featureBuffer.Length != featureCount)
                throw new InvalidOperationException($"Row {row}: feature column '{featureColumn.Name}' has {featureBuffer.Length} slots, expected {featureCount}.");

            CheckSparseIndices(featureBuffer, featureColumn.Name, featureCount, row);
            double? rawWeight = weightGetter?.Invoke();
            if (rawWeight < 0)
                throw new InvalidOperationException($"Row {row}: example weight column '{weightColumn!.Value.Name}' holds a negative weight ({rawWeight}); weights must be >= 0.");
            string? problem = FindProblem(labelGetter(), labelColumn.Name, kind, classCount, rawWeight, weightColumn?.Name, out float label, out float weight);
            problem = FindFeatureProblem(featureBuffer, featureColumn.Name) ?? problem;
            if (problem is not null)
            {
                if (invalidRows == InvalidRowHandling.Throw)
                    throw new InvalidOperationException($"Row {row}: {problem}. Set the trainer option InvalidRows to Skip to drop such rows.");
                skipped++;
                continue;
            }

            features.Add(featureBuffer);
            labels.Add(label);
            weights?.Add(weight);
        }
        return (row + 1, skipped);
    }

    // Warns of skipped rows; refuses data with no row, or no weight, left to train on.
    private static void CheckEnoughRows(IHost host, Columns columns, long rows, long skipped, long kept, FloatBuffer? weights)
    {
        var (featureColumn, labelColumn, weightColumn) = columns;
        if (skipped > 0)
        {
            using var ch = host.Start("Reading training data");
            ch.Warning($"Skipped {skipped} of {rows} training rows with missing or non-finite values in columns '{featureColumn.Name}', '{labelColumn.Name}'{(weightColumn is null ? "" : $" or '{weightColumn.Value.Name}'")}.");
        }

        if (kept == 0)
        {
            throw new InvalidOperationException(rows == 0
                ? $"The training data is empty: no rows to train on (feature column '{featureColumn.Name}', label column '{labelColumn.Name}')."
                : $"No valid training rows: all {rows} rows had missing or non-finite values in feature column '{featureColumn.Name}', label column '{labelColumn.Name}'{(weightColumn is null ? "" : $" or weight column '{weightColumn.Value.Name}'")}.");
        }
        if (weights is not null && weights.All(v => v == 0))
            throw new InvalidOperationException($"Every example weight in column '{weightColumn!.Value.Name}' is zero: nothing to train on.");
    }

    private static int CheckFeatureType(DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single)
            throw SchemaError("feature", column, "a vector of Single");
        if (!vector.IsKnownSize)
            throw SchemaError("feature", column, "a vector of Single of known size (concatenate or convert variable-length vectors first)");
        return vector.Size;
    }

    private static int CheckLabelType(DataViewSchema.Column column, LabelKind kind)
    {
        var type = column.Type;
        switch (kind)
        {
            case LabelKind.Binary:
                if (type is BooleanDataViewType || type == NumberDataViewType.Single || type == NumberDataViewType.Double)
                    return 2;
                throw SchemaError("label", column, "Boolean, Single or Double");
            case LabelKind.Multiclass:
                if (type is KeyDataViewType key && key.Count >= 2 && key.Count <= int.MaxValue)
                    return (int)key.Count;
                if (type is KeyDataViewType)
                    throw SchemaError("label", column, "a key type with at least two values");
                throw SchemaError("label", column, "a key type (use MapValueToKey on the label first)");
            default:
                if (type == NumberDataViewType.Single || type == NumberDataViewType.Double)
                    return 0;
                throw SchemaError("label", column, "Single or Double");
        }
    }

    /// <summary>Builds the schema-mismatch error ML.NET users know, naming the column.</summary>
    public static ArgumentOutOfRangeException SchemaError(string role, DataViewSchema.Column column, string expected) =>
        new(role + "Column", $"Schema mismatch for {role} column '{column.Name}': expected {expected}, got {column.Type}.");

    private static Func<double> MakeLabelGetter(DataViewRowCursor cursor, DataViewSchema.Column column, LabelKind kind)
    {
        if (column.Type is BooleanDataViewType)
        {
            var getter = cursor.GetGetter<bool>(column);
            bool value = false;
            return () => { getter(ref value); return value ? 1 : 0; };
        }
        if (column.Type is KeyDataViewType)
        {
            var getter = cursor.GetGetter<uint>(column);
            uint value = 0;
            // Key 0 means "missing"; it becomes NaN and is treated like any missing label.
            return () => { getter(ref value); return value == 0 ? double.NaN : value - 1; };
        }
        var number = MakeNumberGetter(cursor, column);
        return kind == LabelKind.Binary
            ? () => { double v = number(); return double.IsNaN(v) ? double.NaN : v > 0 ? 1 : 0; }
            : number;
    }

    private static Func<double> MakeNumberGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Double)
        {
            var getter = cursor.GetGetter<double>(column);
            double value = 0;
            return () => { getter(ref value); return value; };
        }
        var single = cursor.GetGetter<float>(column);
        float f = 0;
        return () => { single(ref f); return f; };
    }

    // A sparse VBuffer built by hand may hold indices ML.NET never checks: refuse them (the kernels index by them).
    private static void CheckSparseIndices(in VBuffer<float> features, string featureName, int slots, long row)
    {
        if (features.IsDense)
            return;
        int previous = -1;
        foreach (int index in features.GetIndices())
        {
            if (index <= previous || index >= slots)
            {
                throw new InvalidOperationException($"Row {row}: feature column '{featureName}' is a sparse vector with slot index {index} " +
                    (index >= slots ? $"outside its {slots} slots." : $"after {previous}; indices must be strictly ascending."));
            }
            previous = index;
        }
    }

    private static string? FindFeatureProblem(in VBuffer<float> features, string featureName)
    {
        var values = features.GetValues();
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                return $"feature column '{featureName}' holds {values[i]} in slot {(features.IsDense ? i : features.GetIndices()[i])}";
        }
        return null;
    }

    private static string? FindProblem(double label, string labelName, LabelKind kind, int classCount,
        double? weight, string? weightName, out float labelValue, out float weightValue)
    {
        labelValue = (float)label;
        weightValue = (float)(weight ?? 1);
        if (!double.IsFinite(label) || !float.IsFinite(labelValue))
            return $"label column '{labelName}' holds a missing or non-finite value ({label})";
        if (kind == LabelKind.Multiclass && label >= classCount)
            return $"label column '{labelName}' holds class {label}, outside the key range of {classCount} classes";
        if (weight is { } w)
        {
            if (!double.IsFinite(w) || !float.IsFinite(weightValue))
                return $"example weight column '{weightName}' holds a missing or non-finite value ({w})";
        }
        return null;
    }

    private static void CheckClasses(float[] labels, LabelKind kind, string labelName)
    {
        if (kind == LabelKind.Regression)
            return;
        float first = labels[0];
        if (labels.All(l => l == first))
        {
            string which = kind == LabelKind.Binary ? (first == 1 ? "true" : "false") : $"key {first + 1}";
            throw new InvalidOperationException($"Label column '{labelName}' holds only one class ({which}); a classifier needs at least two.");
        }
    }
}
