using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlNetNeural.Onnx.Tests.Infrastructure;

/// <summary>Exports a fitted ML.NET model to ONNX and scores the file with ONNX Runtime.</summary>
public static class OnnxScoring
{
    /// <summary>A features-only data view (the exported graph then has the single input "Features").</summary>
    public static IDataView FeaturesOnly(MLContext ml, IDataView data, string column = "Features")
    {
        var rows = ReadFeatures(data, column);
        var schema = SchemaDefinition.Create(typeof(FeaturesRow));
        schema[nameof(FeaturesRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Length);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new FeaturesRow { Features = r }).ToList(), schema);
    }

    public static float[][] ReadFeatures(IDataView data, string column = "Features")
    {
        var col = data.Schema[column];
        var rows = new List<float[]>();
        using var cursor = data.GetRowCursor([col]);
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            rows.Add(buffer.DenseValues().ToArray());
        }
        return rows.ToArray();
    }

    /// <summary>Writes <paramref name="model"/> as ONNX with <c>ConvertToOnnx</c> and returns the file's path.</summary>
    public static string Export(MLContext ml, ITransformer model, IDataView featuresOnly, string path)
    {
        using (var stream = File.Create(path))
            ml.Model.ConvertToOnnx(model, featuresOnly, stream);
        return path;
    }

    /// <summary>Runs the ONNX file on <paramref name="features"/>; returns every output by name, flattened row by row.</summary>
    public static Dictionary<string, Array> Run(string onnxPath, float[][] features)
    {
        using var session = new InferenceSession(onnxPath);
        int rows = features.Length, width = features[0].Length;
        var tensor = new DenseTensor<float>(features.SelectMany(f => f).ToArray(), [rows, width]);
        var inputName = session.InputMetadata.Keys.Single();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)]);
        var outputs = new Dictionary<string, Array>();
        foreach (var result in results)
        {
            outputs[result.Name] = result.ElementType switch
            {
                TensorElementType.Float => result.AsTensor<float>().ToArray(),
                TensorElementType.Bool => result.AsTensor<bool>().ToArray(),
                TensorElementType.UInt32 => result.AsTensor<uint>().ToArray(),
                TensorElementType.Int64 => result.AsTensor<long>().ToArray(),
                _ => Array.Empty<object>(),
            };
        }
        return outputs;
    }

    /// <summary>The graph's output names and element types.</summary>
    public static SortedDictionary<string, string> OutputSignature(string onnxPath)
    {
        using var session = new InferenceSession(onnxPath);
        return new SortedDictionary<string, string>(session.OutputMetadata.ToDictionary(o => o.Key, o => o.Value.ElementDataType.ToString()));
    }

    /// <summary>Every value of a column, as raw values (float, bool or uint), flattened row by row.</summary>
    public static T[] Column<T>(IDataView scored, string column)
    {
        var col = scored.Schema[column];
        var values = new List<T>();
        using var cursor = scored.GetRowCursor([col]);
        if (col.Type is VectorDataViewType)
        {
            var getter = cursor.GetGetter<VBuffer<T>>(col);
            VBuffer<T> buffer = default;
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                values.AddRange(buffer.DenseValues());
            }
        }
        else
        {
            var getter = cursor.GetGetter<T>(col);
            T value = default!;
            while (cursor.MoveNext())
            {
                getter(ref value);
                values.Add(value);
            }
        }
        return values.ToArray();
    }

    /// <summary>Largest |a − b| and largest |a − b| / max(1, |a|); fails if the latter exceeds <paramref name="tolerance"/>.</summary>
    public static (double Absolute, double Relative) AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = 0, maxRelative = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"{what}[{i}] is {actual[i]} in ONNX Runtime's output.");
            double diff = Math.Abs((double)expected[i] - actual[i]);
            maxDiff = Math.Max(maxDiff, diff);
            maxRelative = Math.Max(maxRelative, diff / Math.Max(1, Math.Abs(expected[i])));
            Assert.True(diff <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: ML.NET {expected[i]:R}, ONNX Runtime {actual[i]:R}, difference {diff:G3} > {tolerance}.");
        }
        return (maxDiff, maxRelative);
    }

    public sealed class FeaturesRow
    {
        public float[] Features { get; set; } = [];
    }
}
