using System.IO.Compression;
using System.Reflection;
using System.Text;
using Microsoft.ML;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Internals;

/// <summary>
/// Guards a silent trap: a model entry's version is checked only inside our <c>Create</c>, so if ML.NET ever stopped
/// calling it, <c>CheckAtModel</c> would not run and a model file of the wrong version would load. These tests
/// rewrite the header of our model's entry in a saved zip and check that loading refuses it; and
/// that a truncated or corrupted model block is a clear format error, not a crash.
/// </summary>
/// <remarks>
/// ML.NET's <c>ModelHeader</c> (Microsoft.ML.Core/Data/ModelHeader.cs) is a 0x100-byte explicit
/// layout at the start of each <c>Model.key</c> entry: ModelSignature (8 ASCII bytes) at 0x40,
/// ModelVerWritten at 0x48, ModelVerReadable at 0x4C, the loader signature (24 ASCII bytes) at 0x50.
/// The model block follows at FpModel (0x10) for CbModel (0x18) bytes; then the string table
/// (FpStringTable 0x20, FpStringChars 0x30), the loader assembly name (FpAssemblyName 0x90),
/// and the tail at FpTail (0x80) up to FpLim (0x88). The offsets are checked against the run-time
/// struct in <see cref="MlNetInternalsTests"/>.
/// </remarks>
public sealed class ModelFileTamperingTests
{
    public enum ModelKind
    {
        Binary,
        Multiclass,
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void An_untouched_rewrite_still_loads(ModelKind kind)
    {
        // The control for every test below: rewriting the entry byte for byte keeps the model loadable.
        using var saved = SavedModel.Create(kind);
        saved.EditModelEntry(_ => { });
        var loaded = new MLContext(seed: 2).Model.Load(saved.Path, out _);
        Assert.Equal(Scores.Bits(saved.ExpectedScores), Scores.Bits(Scores.Read(loaded.Transform(saved.Data))));
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void A_model_written_by_a_newer_version_is_refused(ModelKind kind)
    {
        using var saved = SavedModel.Create(kind);
        saved.EditModelEntry(entry =>
        {
            // Pretend the next major version wrote it and we cannot read it back.
            uint written = ReadUInt32(entry, ModelVerWritten);
            WriteUInt32(entry, ModelVerWritten, written + 0x00010000);
            WriteUInt32(entry, ModelVerReadable, written + 0x00010000);
        });
        var error = AssertLoadFails(saved.Path);
        Assert.Contains("too new", error.Message);
        Assert.Contains(saved.LoaderSignature, error.Message);
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void A_model_older_than_we_can_read_back_is_refused(ModelKind kind)
    {
        using var saved = SavedModel.Create(kind);
        saved.EditModelEntry(entry =>
        {
            uint written = ReadUInt32(entry, ModelVerWritten);
            WriteUInt32(entry, ModelVerWritten, written - 1);
            WriteUInt32(entry, ModelVerReadable, written - 1);
        });
        var error = AssertLoadFails(saved.Path);
        Assert.Contains("too old", error.Message);
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void A_model_with_another_model_signature_is_refused(ModelKind kind)
    {
        using var saved = SavedModel.Create(kind);
        saved.EditModelEntry(entry => entry[ModelSignature + 7] ^= 0x20);
        var error = AssertLoadFails(saved.Path);
        Assert.Contains("Unknown file type", error.Message);
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void A_model_block_cut_short_in_the_weights_is_a_format_error_naming_the_field(ModelKind kind)
    {
        using var saved = SavedModel.Create(kind);
        saved.EditModelEntry(entry =>
        {
            // Keep sizeof(float), the counts and one and a half weights; drop the rest of the block and
            // shift everything after it, so that the header is consistent and only our decoder can notice.
            int keep = sizeof(int) * saved.CountsBeforeWeights + sizeof(float) + sizeof(float) + 2;
            CutModelBlock(entry, keep);
        });
        var error = AssertLoadFails(saved.Path);
        Assert.Contains($"{saved.ModelName} model", error.Message);
        Assert.Contains("field 'Weights'", error.Message);
        Assert.Contains("needs", error.Message);
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void A_model_entry_cut_off_mid_file_is_a_format_error(ModelKind kind)
    {
        using var saved = SavedModel.Create(kind);
        // No header fix-up: the entry simply ends inside the weights, as a truncated download would.
        saved.EditModelEntry(entry => entry.RemoveRange(HeaderSize + 12, entry.Count - HeaderSize - 12));
        AssertLoadFails(saved.Path);
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void A_non_finite_weight_is_a_format_error_naming_the_field(ModelKind kind)
    {
        using var saved = SavedModel.Create(kind);
        saved.EditModelEntry(entry =>
        {
            int firstWeight = HeaderSize + sizeof(int) * saved.CountsBeforeWeights;
            var nan = BitConverter.GetBytes(float.NaN);
            for (int i = 0; i < nan.Length; i++)
                entry[firstWeight + i] = nan[i];
        });
        var error = AssertLoadFails(saved.Path);
        Assert.Contains("field 'Weights'", error.Message);
        Assert.Contains("non-finite", error.Message);
    }

    [Fact]
    public void A_feature_count_larger_than_the_block_is_refused_before_allocating()
    {
        using var saved = SavedModel.Create(ModelKind.Binary);
        saved.EditModelEntry(entry => WriteUInt32(entry, HeaderSize + sizeof(int), int.MaxValue));
        var error = AssertLoadFails(saved.Path);
        Assert.Contains("field 'Weights'", error.Message);
        Assert.Contains("needs", error.Message);
    }

    // ----- Header layout (ML.NET's ModelHeader) -----

    private const int HeaderSize = 0x100;
    private const int FpModel = 0x10;
    private const int CbModel = 0x18;
    private const int FpStringTable = 0x20;
    private const int FpStringChars = 0x30;
    private const int ModelSignature = 0x40;
    private const int ModelVerWritten = 0x48;
    private const int ModelVerReadable = 0x4C;
    private const int LoaderSignatureAt = 0x50;
    private const int FpTail = 0x80;
    private const int FpLim = 0x88;
    private const int FpAssemblyName = 0x90;

    /// <summary>
    /// Loading must fail with ML.NET's usual wrapping, an <see cref="InvalidOperationException"/>
    /// ("Error during class instantiation"), never a bare <see cref="TargetInvocationException"/>,
    /// and the chain must hold the <see cref="FormatException"/> that says what is wrong.
    /// </summary>
    private static FormatException AssertLoadFails(string path)
    {
        var ex = Record.Exception(() => new MLContext(seed: 2).Model.Load(path, out _));
        Assert.NotNull(ex);
        Assert.IsNotType<TargetInvocationException>(ex);
        Assert.True(ex is InvalidOperationException or FormatException, $"unexpected {ex}");
        var format = Chain(ex).OfType<FormatException>().FirstOrDefault();
        Assert.True(format is not null, $"no FormatException in {ex}");
        return format;
    }

    private static IEnumerable<Exception> Chain(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            yield return ex;
    }

    private static uint ReadUInt32(List<byte> bytes, int offset) => BitConverter.ToUInt32(bytes.GetRange(offset, 4).ToArray());

    private static long ReadInt64(List<byte> bytes, int offset) => BitConverter.ToInt64(bytes.GetRange(offset, 8).ToArray());

    private static void WriteUInt32(List<byte> bytes, int offset, long value)
    {
        var raw = BitConverter.GetBytes((uint)value);
        for (int i = 0; i < raw.Length; i++)
            bytes[offset + i] = raw[i];
    }

    private static void WriteInt64(List<byte> bytes, int offset, long value)
    {
        var raw = BitConverter.GetBytes(value);
        for (int i = 0; i < raw.Length; i++)
            bytes[offset + i] = raw[i];
    }

    /// <summary>Shortens the model block to <paramref name="keep"/> bytes, moving every later offset back.</summary>
    private static void CutModelBlock(List<byte> entry, int keep)
    {
        long fpModel = ReadInt64(entry, FpModel), cbModel = ReadInt64(entry, CbModel);
        Assert.Equal(HeaderSize, fpModel);
        Assert.True(keep < cbModel);
        long cut = cbModel - keep;
        entry.RemoveRange((int)(fpModel + keep), (int)cut);
        WriteInt64(entry, CbModel, keep);
        foreach (int field in new[] { FpStringTable, FpStringChars, FpAssemblyName, FpTail, FpLim })
        {
            long value = ReadInt64(entry, field);
            if (value != 0)
                WriteInt64(entry, field, value - cut);
        }
    }

    /// <summary>A model saved to a zip, with what is needed to find and interpret its entry.</summary>
    private sealed class SavedModel : IDisposable
    {
        private readonly TempDirectory _temp = new();

        private SavedModel(ModelKind kind, IDataView data, float[] expectedScores)
        {
            Data = data;
            ExpectedScores = expectedScores;
            LoaderSignature = kind == ModelKind.Binary ? "MlNetNeuralPerceptronBin" : "MlNetNeuralPerceptronMc";
            ModelName = kind == ModelKind.Binary ? "binary perceptron" : "multiclass perceptron";
            // Ints before the weights: sizeof(float) and the feature count, plus the class count for multiclass.
            CountsBeforeWeights = kind == ModelKind.Binary ? 2 : 3;
        }

        public string Path => _temp.File("model.zip");

        public IDataView Data { get; }

        public float[] ExpectedScores { get; }

        public string LoaderSignature { get; }

        public string ModelName { get; }

        public int CountsBeforeWeights { get; }

        public static SavedModel Create(ModelKind kind)
        {
            var ml = new MLContext(seed: 1);
            IDataView data;
            ITransformer model;
            if (kind == ModelKind.Binary)
            {
                data = Datasets.Binary(ml, "breast_cancer");
                model = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.Perceptron()).Fit(data);
            }
            else
            {
                data = Datasets.Multiclass(ml, "iris");
                model = ml.Transforms.NormalizeMeanVariance("Features").Append(ml.MulticlassClassification.Trainers.Perceptron()).Fit(data);
            }
            var saved = new SavedModel(kind, data, Scores.Read(model.Transform(data)));
            ml.Model.Save(model, data.Schema, saved.Path);
            return saved;
        }

        /// <summary>Finds the one entry whose header names our loader, lets <paramref name="edit"/> change it, and writes it back.</summary>
        public void EditModelEntry(Action<List<byte>> edit)
        {
            using var zip = ZipFile.Open(Path, ZipArchiveMode.Update);
            var entries = zip.Entries.Where(e => e.Name == "Model.key").Select(e => (entry: e, bytes: ReadAll(e)))
                .Where(e => e.bytes.Length >= HeaderSize && Encoding.ASCII.GetString(e.bytes, LoaderSignatureAt, 24).TrimEnd('\0') == LoaderSignature)
                .ToList();
            var (entry, bytes) = Assert.Single(entries);
            Assert.EndsWith("/Model/Model.key", entry.FullName); // the prediction transformer's "Model" sub-folder

            var edited = bytes.ToList();
            edit(edited);
            string name = entry.FullName;
            entry.Delete();
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(edited.ToArray());
        }

        private static byte[] ReadAll(ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }

        public void Dispose() => _temp.Dispose();
    }
}
