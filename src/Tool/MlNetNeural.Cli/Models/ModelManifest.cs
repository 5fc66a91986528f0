using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetNeural.Cli.Models;

/// <summary>
/// What the tool needs to read new data for a model it trained: the task, the label column and the
/// feature columns in order. Stored as an extra entry of the model zip, which ML.NET's loader ignores.
/// </summary>
/// <remarks>
/// *** Format *** JSON, entry <see cref="EntryName"/>. Version history:
/// 1 — version, task, label, features, featureColumn, trainer. Every feature is a number.
/// 2 — adds columns: every column but the label with its featurization (kind, what was detected, the one-hot
///     categories); features lists the columns used, in order; and options: the training options given, by name
///     (optional). Version 1 manifests still read (all numeric).
/// Readers refuse a newer version rather than guess.
/// </remarks>
internal sealed record ModelManifest
{
    /// <summary>The zip entry that holds the manifest.</summary>
    public const string EntryName = "MlNetNeural.Cli/manifest.json";

    /// <summary>The version this build writes and reads.</summary>
    public const int CurrentVersion = 2;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The task the model was trained for.</summary>
    public required TaskKind Task { get; init; }

    /// <summary>The label column's name in the data files.</summary>
    public required string Label { get; init; }

    /// <summary>The feature columns' names in the data files, in the order they were concatenated.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>The name of the concatenated feature vector inside the pipeline.</summary>
    public required string FeatureColumn { get; init; }

    /// <summary>The trainer's type name (e.g. <c>MlpBinaryTrainer</c>), for information.</summary>
    public required string Trainer { get; init; }

    /// <summary>Every column but the label and what is done with it (version 2); <c>null</c> in version 1 (all numeric).</summary>
    public IReadOnlyList<FeatureColumnPlan>? Columns { get; init; }

    /// <summary>The training command's options as given (name without dashes → value, empty for a flag); <c>null</c> if not recorded.</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>How a feature column is featurized: from <see cref="Columns"/>, or numeric for a version 1 manifest.</summary>
    public FeatureKind KindOf(string feature) => Columns?.FirstOrDefault(c => c.Name == feature)?.Kind ?? FeatureKind.Numeric;

    /// <summary>The manifest as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a manifest, checking every field.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a manifest this build can read.</exception>
    public static ModelManifest FromJson(string json)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the model's manifest is not valid: {e.Message}", e);
        }
        if (manifest is null)
            throw new InvalidDataException("the model's manifest is empty");
        if (manifest.Version < 1 || manifest.Version > CurrentVersion)
            throw new InvalidDataException($"the model's manifest has version {manifest.Version}; this tool reads version {CurrentVersion} (update the tool)");
        if (!Enum.IsDefined(manifest.Task) || string.IsNullOrEmpty(manifest.Label) || manifest.Features is not { Count: > 0 }
            || manifest.Features.Any(string.IsNullOrEmpty) || string.IsNullOrEmpty(manifest.FeatureColumn))
            throw new InvalidDataException("the model's manifest lacks its task, label or feature columns");
        if (manifest.Version >= 2 && !ColumnsAgree(manifest))
            throw new InvalidDataException("the model's manifest has columns that do not match its features");
        return manifest;
    }

    // Version 2: every column named once with a known kind (categories only for one-hot), and the features are the
    // columns not excluded, in order.
    private static bool ColumnsAgree(ModelManifest manifest) =>
        manifest.Columns is { } columns
        && columns.All(c => c is not null && !string.IsNullOrEmpty(c.Name) && Enum.IsDefined(c.Kind) && c.Detected is not null
            && c.Categories is not null && c.Categories.All(v => v is not null) && (c.Kind == FeatureKind.Categorical || c.Categories.Count == 0))
        && columns.Select(c => c.Name).Distinct().Count() == columns.Count
        && columns.Where(c => c.Kind != FeatureKind.Excluded).Select(c => c.Name).SequenceEqual(manifest.Features);
}
