using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using MlNetNeural.Mlp;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Onnx.Tests;

/// <summary>
/// A saved featurizer whose file was changed is refused: the version check runs (so ML.NET calls our
/// <c>Create</c>), and a decoded field that contradicts another is a format error naming it.
/// </summary>
/// <remarks>
/// Offsets in ML.NET's 0x100-byte <c>ModelHeader</c> at the start of each <c>Model.key</c>: FpModel (int64)
/// at 0x10, ModelVerWritten at 0x48, ModelVerReadable at 0x4C, the loader signature (24 ASCII bytes) at 0x50.
/// </remarks>
public sealed class FeaturizerModelFileTests : IDisposable
{
    private const int FpModelAt = 0x10, VerWrittenAt = 0x48, VerReadableAt = 0x4C, LoaderSignatureAt = 0x50;
    private const string LoaderSignature = "MlNetNeuralMlpHidden";

    private readonly TempDirectory _temp = new();
    private readonly string _path;

    public FeaturizerModelFileTests()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "moons_200");
        var mlp = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [4, 3], NumberOfEpochs = 2, Seed = 1 }).Fit(data);
        var featurizer = ml.Transforms.MlpHiddenLayer("Hidden", mlp, 1).Fit(data);
        _path = _temp.File("featurizer.zip");
        ml.Model.Save(featurizer, data.Schema, _path);
    }

    [Fact]
    public void An_untouched_rewrite_still_loads()
    {
        EditFeaturizerEntry(_ => { });
        Assert.NotNull(new MLContext().Model.Load(_path, out _));
    }

    [Fact]
    public void A_file_written_by_a_newer_version_is_refused()
    {
        EditFeaturizerEntry(bytes =>
        {
            uint written = BitConverter.ToUInt32(bytes, VerWrittenAt);
            BitConverter.TryWriteBytes(bytes.AsSpan(VerWrittenAt), written + 0x00010000);
            BitConverter.TryWriteBytes(bytes.AsSpan(VerReadableAt), written + 0x00010000);
        });
        var error = Record.Exception(() => new MLContext().Model.Load(_path, out _));
        Assert.NotNull(error);
        Assert.Contains("too new", AllMessages(error));
    }

    [Fact]
    public void A_layer_index_that_contradicts_the_stored_layers_is_a_format_error_naming_the_field()
    {
        EditFeaturizerEntry(bytes =>
        {
            // Model block: int column count, two string ids, then the layer index.
            long block = BitConverter.ToInt64(bytes, FpModelAt);
            BitConverter.TryWriteBytes(bytes.AsSpan((int)block + 12), 5);
        });
        var error = Record.Exception(() => new MLContext().Model.Load(_path, out _));
        Assert.NotNull(error);
        Assert.Contains(Chain(error), e => e is FormatException);
        Assert.Contains("Network.LayerCount", AllMessages(error));
    }

    public void Dispose() => _temp.Dispose();

    private void EditFeaturizerEntry(Action<byte[]> edit)
    {
        using var zip = ZipFile.Open(_path, ZipArchiveMode.Update);
        var (entry, bytes) = Assert.Single(zip.Entries.Where(e => e.Name == "Model.key").Select(e => (e, ReadAll(e))).ToList(),
            e => e.Item2.Length >= 0x100 && Encoding.ASCII.GetString(e.Item2, LoaderSignatureAt, 24).TrimEnd('\0') == LoaderSignature);
        edit(bytes);
        string name = entry.FullName;
        entry.Delete();
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(bytes);
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static IEnumerable<Exception> Chain(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            yield return ex;
    }

    private static string AllMessages(Exception ex) => string.Join(" | ", Chain(ex).Select(e => e.Message));
}
