using System.IO.Compression;
using Microsoft.ML;
using MlNetNeural.Cli.Parsing;

namespace MlNetNeural.Cli.Models;

/// <summary>
/// Model zips: ML.NET's own format plus the tool's manifest entry. Written atomically — to a
/// temporary file in the same folder, then renamed over the target — so an interrupted run never
/// leaves a half-written model, and an existing model is only replaced by a complete one.
/// </summary>
internal static class ModelFile
{
    /// <summary>The prefix of temporary files; a crashed process may leave one, never a half-written model.</summary>
    public const string TempPrefix = ".mlnetneural-";

    /// <summary>Saves <paramref name="model"/> with its input schema and manifest to <paramref name="path"/>, atomically.</summary>
    public static void Save(MLContext ml, ITransformer model, DataViewSchema inputSchema, ModelManifest manifest, string path, CancellationToken cancellation)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $"{TempPrefix}{Path.GetFileName(full)}-{Guid.NewGuid():N}.tmp");
        try
        {
            ml.Model.Save(model, inputSchema, temp);
            using (var zip = ZipFile.Open(temp, ZipArchiveMode.Update))
            {
                var entry = zip.CreateEntry(ModelManifest.EntryName);
                using var writer = new StreamWriter(entry.Open());
                writer.Write(manifest.ToJson());
            }
            cancellation.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Loads a model zip and its manifest; throws <see cref="UsageException"/> when the file is missing.</summary>
    public static (ITransformer Model, ModelManifest? Manifest) Load(MLContext ml, string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"model file '{path}' does not exist");
        ModelManifest? manifest = null;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry(ModelManifest.EntryName) is { } entry)
            {
                using var reader = new StreamReader(entry.Open());
                manifest = ModelManifest.FromJson(reader.ReadToEnd());
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a model zip: {e.Message}", e);
        }
        var model = ml.Model.Load(path, out _);
        return (model, manifest);
    }

    /// <summary>Loads a model zip that must carry the tool's manifest (written by <c>train</c> or <c>cv --out</c>).</summary>
    public static (ITransformer Model, ModelManifest Manifest) LoadWithManifest(MLContext ml, string path)
    {
        var (model, manifest) = Load(ml, path);
        return (model, manifest ?? throw new InvalidDataException(
            $"'{path}' was not written by '{Commands.HelpText.Tool} train' (it has no {ModelManifest.EntryName}), so its label and feature columns are unknown"));
    }

    /// <summary>Every transformer of a (possibly nested) chain, in order.</summary>
    public static IEnumerable<ITransformer> Flatten(ITransformer model)
    {
        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (var inner in chain)
            {
                foreach (var t in Flatten(inner))
                    yield return t;
            }
        }
        else
        {
            yield return model;
        }
    }
}
