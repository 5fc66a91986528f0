using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Mlp;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Golden;

/// <summary>
/// The guard against accidental format changes: each committed model zip, written by an earlier build,
/// still loads with <c>Model.Load</c>, is the same kind of model, and gives the stored scores bit for bit
/// on the stored rows. If one of these fails after a change, the change broke every saved model of that
/// kind: restore the old format, or bump its version and keep a reader for the old one (Golden/README.md).
/// </summary>
public sealed class GoldenModelTests
{
    [Theory]
    [MemberData(nameof(GoldenModels.Names), MemberType = typeof(GoldenModels))]
    public void A_committed_model_file_loads_and_gives_the_stored_scores_bit_for_bit(string name)
    {
        var kind = GoldenModels.ByName(name);
        var expected = GoldenModels.ReadCsv(GoldenModels.CsvPath(kind));
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load(GoldenModels.ZipPath(kind), out var inputSchema);

        Assert.Equal(expected.Features[0].Length, ((VectorDataViewType)inputSchema["Features"].Type).Size);
        var actual = GoldenModels.Score(ml, model, expected.Features, expected.Outputs.Keys);
        foreach (var (column, values) in expected.Outputs)
        {
            Assert.Equal(expected.Features.Length * (values.Length / expected.Features.Length), actual[column].Length);
            Assert.Equal(Scores.Bits(values), Scores.Bits(actual[column]));
        }
    }

    [Theory]
    [MemberData(nameof(GoldenModels.Names), MemberType = typeof(GoldenModels))]
    public void A_committed_model_file_loads_as_its_own_model_kind(string name)
    {
        var kind = GoldenModels.ByName(name);
        var model = new MLContext(seed: 1).Model.Load(GoldenModels.ZipPath(kind), out _);
        var last = model is TransformerChain<ITransformer> chain ? chain.LastTransformer : model;
        var parameters = Assert.IsAssignableFrom<IPredictionTransformer<object>>(last).Model;
        var expectedType = name switch
        {
            "perceptron-binary" => typeof(PerceptronBinaryModelParameters),
            "perceptron-multiclass" => typeof(PerceptronMulticlassModelParameters),
            "mlp-binary" => typeof(MlpBinaryModelParameters),
            "mlp-multiclass" => typeof(MlpMulticlassModelParameters),
            "mlp-regression" => typeof(MlpRegressionModelParameters),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.IsType(expectedType, parameters);

        // The MLP's training history round-trips too: the golden MLPs trained for 30 epochs.
        var history = parameters switch
        {
            MlpBinaryModelParameters m => m.History,
            MlpMulticlassModelParameters m => m.History,
            MlpRegressionModelParameters m => m.History,
            _ => null,
        };
        if (history is not null)
        {
            Assert.Equal(30, history.Epochs.Count);
            Assert.Equal(StopReason.EpochLimit, history.StopReason);
            Assert.Equal(29, history.BestEpoch);
        }
    }

    /// <summary>The version history in Golden/README.md: every committed file is at its format's current version.</summary>
    [Theory]
    [MemberData(nameof(GoldenModels.Names), MemberType = typeof(GoldenModels))]
    public void A_committed_model_file_is_at_the_documented_format_version(string name)
    {
        var kind = GoldenModels.ByName(name);
        using var zip = ZipFile.OpenRead(GoldenModels.ZipPath(kind));
        var entry = zip.Entries.Select(e => ReadAll(e)).Single(bytes =>
            bytes.Length >= 0x100 && Encoding.ASCII.GetString(bytes, 0x50, 24).TrimEnd('\0') == kind.LoaderSignature);
        Assert.Equal(0x00010001u, BitConverter.ToUInt32(entry, 0x48)); // ModelVerWritten: "Initial"
        Assert.Equal(0x00010001u, BitConverter.ToUInt32(entry, 0x4C)); // ModelVerReadable
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
