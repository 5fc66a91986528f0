using Microsoft.ML;
using Microsoft.ML.Data;
using ScottPlot;

namespace MlNetNeural.Plots;

public static partial class NeuralPlots
{
    /// <summary>
    /// The decision regions of a binary or multiclass model on two features, with the data points
    /// coloured by their label. The model is applied to a grid over the data's range; it must read a
    /// features vector of length 2 and must not need the label column to score (map a label to a key
    /// before the fitted pipeline, not inside it).
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">The fitted pipeline or prediction transformer; its output needs a <c>PredictedLabel</c> column (Boolean or key).</param>
    /// <param name="data">The points to draw: the features column and the label column.</param>
    /// <param name="featureColumnName">The features column, a vector of 2 Single.</param>
    /// <param name="labelColumnName">The label column: Boolean, key, Single, Double or String.</param>
    /// <param name="title">The title, or <c>null</c> for "Decision boundary".</param>
    /// <param name="resolution">Grid cells along each axis, &gt;= 2.</param>
    public static Plot DecisionBoundary(MLContext mlContext, ITransformer model, IDataView data,
        string featureColumnName = "Features", string labelColumnName = "Label", string? title = null, int resolution = 200)
    {
        ArgumentNullException.ThrowIfNull(data);
        var featureColumn = data.Schema.GetColumnOrNull(featureColumnName)
            ?? throw new ArgumentException($"The data has no column '{featureColumnName}'.", nameof(featureColumnName));
        if (featureColumn.Type is not VectorDataViewType { ItemType: NumberDataViewType n, Size: 2 } || n.RawType != typeof(float))
            throw new ArgumentException($"Column '{featureColumnName}' must be a vector of 2 Single to draw a 2-D decision boundary; it is {featureColumn.Type}.", nameof(featureColumnName));
        var xs = new List<double>();
        var ys = new List<double>();
        using (var cursor = data.GetRowCursor([featureColumn]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(featureColumn);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                var values = buffer.DenseValues().ToArray();
                xs.Add(values[0]);
                ys.Add(values[1]);
            }
        }
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnName = featureColumnName;
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        return DrawBoundary(mlContext, model, data, labelColumnName, title, resolution, "x₀", "x₁", xs, ys,
            cells => mlContext.Data.LoadFromEnumerable(cells.Select(c => new VectorRow { Features = [c.X, c.Y] }), schema));
    }

    /// <summary>
    /// The decision regions of a binary or multiclass model on two scalar feature columns, with the
    /// data points coloured by their label. The model must read the two columns (e.g. a pipeline that
    /// starts with <c>Concatenate</c>) and must not need the label column to score.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">The fitted pipeline; its output needs a <c>PredictedLabel</c> column (Boolean or key).</param>
    /// <param name="data">The points to draw.</param>
    /// <param name="xColumnName">The feature on the horizontal axis, a Single column.</param>
    /// <param name="yColumnName">The feature on the vertical axis, a Single column.</param>
    /// <param name="labelColumnName">The label column: Boolean, key, Single, Double or String.</param>
    /// <param name="title">The title, or <c>null</c> for "Decision boundary".</param>
    /// <param name="resolution">Grid cells along each axis, &gt;= 2.</param>
    public static Plot DecisionBoundaryOnColumns(MLContext mlContext, ITransformer model, IDataView data,
        string xColumnName, string yColumnName, string labelColumnName = "Label", string? title = null, int resolution = 200)
    {
        ArgumentNullException.ThrowIfNull(data);
        var xs = ReadScalar(data, xColumnName, nameof(xColumnName));
        var ys = ReadScalar(data, yColumnName, nameof(yColumnName));
        var schema = SchemaDefinition.Create(typeof(PairRow));
        schema[nameof(PairRow.X)].ColumnName = xColumnName;
        schema[nameof(PairRow.Y)].ColumnName = yColumnName;
        return DrawBoundary(mlContext, model, data, labelColumnName, title, resolution, xColumnName, yColumnName, xs, ys,
            cells => mlContext.Data.LoadFromEnumerable(cells.Select(c => new PairRow { X = c.X, Y = c.Y }), schema));
    }

    private static Plot DrawBoundary(MLContext mlContext, ITransformer model, IDataView data, string labelColumnName, string? title, int resolution,
        string xLabel, string yLabel, List<double> xs, List<double> ys, Func<IEnumerable<(float X, float Y)>, IDataView> makeGrid)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        if (xs.Count == 0)
            throw new ArgumentException("The data has no rows to draw.", nameof(data));
        var (labels, classNames) = ReadClasses(data, labelColumnName);

        double xMin = xs.Min(), xMax = xs.Max(), yMin = ys.Min(), yMax = ys.Max();
        double xPad = Math.Max(1e-3, (xMax - xMin) * 0.08), yPad = Math.Max(1e-3, (yMax - yMin) * 0.08);
        xMin -= xPad; xMax += xPad; yMin -= yPad; yMax += yPad;
        double cellW = (xMax - xMin) / resolution, cellH = (yMax - yMin) / resolution;
        var cells = new List<(float X, float Y)>(resolution * resolution);
        for (int row = 0; row < resolution; row++)
        {
            for (int col = 0; col < resolution; col++)
                cells.Add(((float)(xMin + (col + 0.5) * cellW), (float)(yMax - (row + 0.5) * cellH)));
        }
        var predicted = ReadPredictedClasses(model.Transform(makeGrid(cells)));
        int classCount = Math.Max(Math.Max(classNames.Count, predicted.Max() + 1), 2);
        var intensities = new double[resolution, resolution];
        for (int i = 0; i < predicted.Length; i++)
            intensities[i / resolution, i % resolution] = predicted[i];

        var plot = NewPlot(title ?? "Decision boundary", xLabel, yLabel);
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        heatmap.Colormap = new ClassColormap(classCount);
        heatmap.ManualRange = new ScottPlot.Range(0, classCount - 1);
        for (int c = 0; c < classNames.Count; c++)
        {
            var idx = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray();
            if (idx.Length == 0)
                continue;
            var markers = plot.Add.Markers(idx.Select(i => xs[i]).ToArray(), idx.Select(i => ys[i]).ToArray(), MarkerShape.FilledCircle, xs.Count > 500 ? 5 : 8, SeriesColor(c));
            markers.MarkerStyle.OutlineColor = Colors.Black;
            markers.MarkerStyle.OutlineWidth = 0.6f;
            markers.LegendText = classNames[c];
        }
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.ShowLegend(Edge.Right); // outside the data area, so that no point hides behind it
        return plot;
    }

    private static List<double> ReadScalar(IDataView data, string name, string parameter)
    {
        var column = data.Schema.GetColumnOrNull(name) ?? throw new ArgumentException($"The data has no column '{name}'.", parameter);
        if (column.Type != NumberDataViewType.Single)
            throw new ArgumentException($"Column '{name}' must be Single; it is {column.Type}.", parameter);
        var values = new List<double>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        float value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            values.Add(value);
        }
        return values;
    }

    /// <summary>Each row's class index and the class names: false/true, key order, or sorted distinct values.</summary>
    private static (int[] Labels, IReadOnlyList<string> Names) ReadClasses(IDataView data, string name)
    {
        var column = data.Schema.GetColumnOrNull(name) ?? throw new ArgumentException($"The data has no label column '{name}'.", nameof(name));
        using var cursor = data.GetRowCursor([column]);
        switch (column.Type)
        {
            case BooleanDataViewType:
            {
                var getter = cursor.GetGetter<bool>(column);
                var labels = new List<int>();
                bool value = false;
                while (cursor.MoveNext())
                {
                    getter(ref value);
                    labels.Add(value ? 1 : 0);
                }
                return (labels.ToArray(), ["false", "true"]);
            }
            case KeyDataViewType key:
            {
                var getter = cursor.GetGetter<uint>(column);
                var labels = new List<int>();
                uint value = 0;
                while (cursor.MoveNext())
                {
                    getter(ref value);
                    labels.Add((int)value - 1);
                }
                var names = KeyNames(column, (int)key.Count);
                return (labels.ToArray(), names);
            }
            default:
            {
                var raw = new List<string>();
                var getter = MakeStringGetter(cursor, column);
                while (cursor.MoveNext())
                    raw.Add(getter());
                var distinct = raw.Distinct().Order(StringComparer.Ordinal).ToList();
                if (column.Type is NumberDataViewType)
                    distinct = distinct.OrderBy(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                return (raw.Select(r => distinct.IndexOf(r)).ToArray(), distinct);
            }
        }
    }

    private static Func<string> MakeStringGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (column.Type == NumberDataViewType.Single)
        {
            var g = cursor.GetGetter<float>(column);
            return () => { float v = 0; g(ref v); return v.ToString("R", culture); };
        }
        if (column.Type == NumberDataViewType.Double)
        {
            var g = cursor.GetGetter<double>(column);
            return () => { double v = 0; g(ref v); return v.ToString("R", culture); };
        }
        if (column.Type is TextDataViewType)
        {
            var g = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            return () => { ReadOnlyMemory<char> v = default; g(ref v); return v.ToString(); };
        }
        throw new ArgumentException($"Label column '{column.Name}' must be Boolean, a key, Single, Double or String; it is {column.Type}.");
    }

    private static string[] KeyNames(DataViewSchema.Column column, int count)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var keyValues = column.Annotations.Schema.GetColumnOrNull("KeyValues");
        switch (keyValues?.Type)
        {
            case VectorDataViewType { ItemType: TextDataViewType }:
            {
                VBuffer<ReadOnlyMemory<char>> names = default;
                column.Annotations.GetValue("KeyValues", ref names);
                return names.DenseValues().Select(n => n.ToString()).ToArray();
            }
            case VectorDataViewType { ItemType: var item } when item == NumberDataViewType.Single:
            {
                VBuffer<float> values = default;
                column.Annotations.GetValue("KeyValues", ref values);
                return values.DenseValues().Select(v => v.ToString(culture)).ToArray();
            }
            case VectorDataViewType { ItemType: var item } when item == NumberDataViewType.Double:
            {
                VBuffer<double> values = default;
                column.Annotations.GetValue("KeyValues", ref values);
                return values.DenseValues().Select(v => v.ToString(culture)).ToArray();
            }
            default:
                return Enumerable.Range(1, count).Select(i => $"class {i}").ToArray();
        }
    }

    private static int[] ReadPredictedClasses(IDataView scored)
    {
        var column = scored.Schema.GetColumnOrNull("PredictedLabel")
            ?? throw new ArgumentException("The model's output has no PredictedLabel column: is it a binary or multiclass classifier?", "model");
        var classes = new List<int>();
        using var cursor = scored.GetRowCursor([column]);
        if (column.Type is BooleanDataViewType)
        {
            var getter = cursor.GetGetter<bool>(column);
            bool value = false;
            while (cursor.MoveNext())
            {
                getter(ref value);
                classes.Add(value ? 1 : 0);
            }
        }
        else if (column.Type is KeyDataViewType)
        {
            var getter = cursor.GetGetter<uint>(column);
            uint value = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                classes.Add(Math.Max(0, (int)value - 1));
            }
        }
        else
        {
            throw new ArgumentException($"The model's PredictedLabel column must be Boolean or a key; it is {column.Type}.", "model");
        }
        return classes.ToArray();
    }

    private sealed class VectorRow
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class PairRow
    {
        public float X { get; set; }

        public float Y { get; set; }
    }

    /// <summary>One light tint per class, matching the data points' colours.</summary>
    private sealed class ClassColormap(int classCount) : IColormap
    {
        public string Name => "MlNetNeural classes";

        public Color GetColor(double normalizedIntensity)
        {
            int index = (int)Math.Round(Math.Clamp(normalizedIntensity, 0, 1) * (classCount - 1));
            return SeriesColor(index).MixedWith(Colors.White, 0.72);
        }
    }
}
