using MlNetNeural.Cli.Data;
using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Fuzz;

/// <summary>
/// What the CLI reads of a CSV/TSV file before ML.NET does: the separator, the header, the sampled rows, each
/// column's profile, the task detected from the last column and the featurization plan. The input's first byte
/// picks the file's extension (.csv, .tsv or .txt, which choose the separator); the rest is the file. The only
/// refusal allowed is the CLI's <see cref="UsageException"/>, which it prints as one line.
/// </summary>
public sealed class DelimitedFileTarget : FuzzTarget
{
    private static readonly string[] Extensions = [".csv", ".tsv", ".txt"];
    private static readonly string Folder = Directory.CreateTempSubdirectory("mlnetneural-fuzz-csv-").FullName;

    /// <inheritdoc/>
    public override string Name => "csv";

    /// <inheritdoc/>
    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        string data = Path.Combine(AppContext.BaseDirectory, "seeds-csv");
        foreach (string file in Directory.GetFiles(data).Order(StringComparer.Ordinal))
        {
            byte extension = (byte)Math.Max(0, Array.IndexOf(Extensions, Path.GetExtension(file)));
            yield return (Path.GetFileName(file), [extension, .. File.ReadAllBytes(file)]);
        }
    }

    /// <inheritdoc/>
    public override bool Run(byte[] input)
    {
        if (input.Length == 0)
            return false;
        string path = Path.Combine(Folder, "data" + Extensions[input[0] % Extensions.Length]);
        File.WriteAllBytes(path, input[1..]);
        try
        {
            var file = DelimitedFile.Open(path, separatorOption: null);
            _ = ColumnProfile.Of(file);
            string label = file.Header[^1];
            var task = TaskDetection.Detect(file, label, TextWriter.Null);
            DataLoading.PlanTraining(file, label, task, "MlpBinaryTrainer", Featurization.Overrides.None, TextWriter.Null);
            return true;
        }
        catch (UsageException)
        {
            return false;
        }
    }
}
