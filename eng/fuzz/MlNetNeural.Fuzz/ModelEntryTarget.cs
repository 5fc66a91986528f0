using System.IO.Compression;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Fuzz;

/// <summary>
/// Our model entry in a model zip (<c>TransformerChain/Model/Model.key</c>: ML.NET's header, then our block). The
/// input's first byte picks one of the golden models as the template, the rest replaces its entry, and the zip is
/// rebuilt whole (so the fuzzer spends its time in the decoders, not in zip checksums). A load must either give a
/// model that scores bounded rows finitely, or fail with the exceptions the reliability tests accept of a damaged
/// model (<c>ModelFileFuzzTests</c>): format, invalid-operation, invalid-data, argument or I/O errors, possibly
/// wrapped by ML.NET in <see cref="TargetInvocationException"/>.
/// </summary>
public sealed class ModelEntryTarget : FuzzTarget
{
    private const string Entry = "TransformerChain/Model/Model.key";
    private static readonly string[] Templates =
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "templates"), "*.zip").Order(StringComparer.Ordinal)];

    private readonly MLContext _ml = Context();

    // ML.NET finds a model entry's loader among the assemblies its catalog knows; ours must be registered. It also
    // loads the assembly the entry names, by full name: the golden models name version 1.0.0.0 of ours (written
    // before the packages were versioned 0.1.0), which the runtime will not bind to 0.1.0, so names of our
    // assemblies resolve to the ones loaded, as the test host's resolver does in the test suite.
    private static MLContext Context()
    {
        System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (_, name) =>
            name.Name is { } simple && simple.StartsWith("MlNetNeural.", StringComparison.Ordinal)
                ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == simple)
                : null;
        var ml = new MLContext(seed: 1);
        ml.ComponentCatalog.RegisterAssembly(typeof(MlNetNeural.Mlp.MlpBinaryModelParameters).Assembly);
        return ml;
    }

    /// <inheritdoc/>
    public override string Name => "model";

    /// <inheritdoc/>
    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        for (int t = 0; t < Templates.Length; t++)
        {
            using var zip = ZipFile.OpenRead(Templates[t]);
            using var entry = new MemoryStream();
            using (var source = zip.GetEntry(Entry)!.Open())
                source.CopyTo(entry);
            yield return (Path.GetFileNameWithoutExtension(Templates[t]), [(byte)t, .. entry.ToArray()]);
        }
        // The golden files are the first format; a model of today's (input encoding, training state) starts the
        // fuzzer in the newer blocks too. It has the binary golden model's two features, so that template takes it.
        int binary = Array.FindIndex(Templates, t => Path.GetFileNameWithoutExtension(t) == "mlp-binary");
        yield return ("mlp-binary-current", [(byte)binary, .. CurrentEntry()]);
    }

    private byte[] CurrentEntry()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 60).Select(_ =>
        {
            float a = (float)(4 * random.NextDouble() - 2), b = (float)(4 * random.NextDouble() - 2);
            return new TrainingRow { Features = [a, b], Label = a * b > 0 };
        }).ToList();
        var definition = SchemaDefinition.Create(typeof(TrainingRow));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        var data = _ml.Data.LoadFromEnumerable(rows, definition);
        var trainer = _ml.BinaryClassification.Trainers.Mlp(new MlNetNeural.Mlp.MlpBinaryTrainer.Options
        {
            HiddenLayers = [3], NumberOfEpochs = 2, Seed = 1, SaveTrainingState = true, PeriodicFeatures = 2,
        });
        var model = trainer.Fit(data); // saved as the golden models were: the predictor's entry is TransformerChain/Model/Model.key
        using var saved = new MemoryStream();
        _ml.Model.Save(model, data.Schema, saved);
        using var zip = new ZipArchive(new MemoryStream(saved.ToArray()));
        var ours = zip.GetEntry(Entry) ?? throw new InvalidOperationException(
            $"A saved model has no entry {Entry}; its entries: {string.Join(", ", zip.Entries.Select(e => e.FullName))}.");
        using var entry = new MemoryStream();
        using (var source = ours.Open())
            source.CopyTo(entry);
        return entry.ToArray();
    }

    private sealed class TrainingRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    /// <inheritdoc/>
    public override bool Run(byte[] input)
    {
        if (input.Length == 0)
            return false;
        byte[] zip = Rebuilt(Templates[input[0] % Templates.Length], input.AsSpan(1));
        ITransformer model;
        DataViewSchema schema;
        try
        {
            model = _ml.Model.Load(new MemoryStream(zip, writable: false), out schema);
        }
        catch (Exception e) when (IsRefusal(e))
        {
            return false;
        }
        Score(model, schema);
        return true;
    }

    private static bool IsRefusal(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner })
            e = inner;
        return e is FormatException or InvalidOperationException or InvalidDataException or ArgumentException or IOException
               && !string.IsNullOrWhiteSpace(e.Message);
    }

    private static byte[] Rebuilt(string template, ReadOnlySpan<byte> entryBytes)
    {
        using var output = new MemoryStream();
        using (var source = ZipFile.OpenRead(template))
        using (var rebuilt = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var target = rebuilt.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                if (entry.FullName == Entry)
                {
                    target.Write(entryBytes);
                }
                else
                {
                    using var original = entry.Open();
                    original.CopyTo(target);
                }
            }
        }
        return output.ToArray();
    }

    // A loaded model must score rows within the loader's input bound finitely: that is what its overflow check promises.
    private void Score(ITransformer model, DataViewSchema schema)
    {
        if (schema.GetColumnOrNull("Features") is not { Type: VectorDataViewType { Size: > 0 } vector })
            return;
        int n = vector.Size;
        var random = new Random(1);
        var rows = new[] { 0f, 1f, -2f, 3f }.Select(v => new FeatureRow { Features = [.. Enumerable.Repeat(v, n)] })
            .Concat(Enumerable.Range(0, 4).Select(_ => new FeatureRow { Features = [.. Enumerable.Range(0, n).Select(_ => (float)(6 * random.NextDouble() - 3))] }))
            .ToList();
        var definition = SchemaDefinition.Create(typeof(FeatureRow));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, n);
        var scored = model.Transform(_ml.Data.LoadFromEnumerable(rows, definition));
        if (scored.Schema.GetColumnOrNull("Score") is not { } score)
            throw new ContractViolationException("A loaded model produced no Score column.");
        using var cursor = scored.GetRowCursor([score]);
        var values = new List<float>();
        if (score.Type is VectorDataViewType)
        {
            var getter = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                values.AddRange(buffer.DenseValues());
            }
        }
        else
        {
            var getter = cursor.GetGetter<float>(score);
            float value = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                values.Add(value);
            }
        }
        if (!values.All(float.IsFinite))
            throw new ContractViolationException($"A loaded model scored bounded rows as [{string.Join(", ", values)}].");
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
