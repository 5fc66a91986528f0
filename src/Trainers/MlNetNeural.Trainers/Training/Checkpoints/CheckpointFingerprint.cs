using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.Training.Checkpoints;

/// <summary>
/// What a checkpoint must agree on with the fit resuming from it: every option that shapes training, and the rows
/// trained and validated on (count, shape and a SHA-256 of their values), and the weights a continued fit started
/// from. Each entry is a readable name and value, so a mismatch is reported as the options or data that differ.
/// </summary>
internal sealed class CheckpointFingerprint
{
    // Options that do not change what training computes, so a resume may change them.
    private static readonly HashSet<string> Ignored =
    [
        nameof(MlpOptionsBase.EpochCallback), nameof(MlpOptionsBase.CancellationToken), nameof(MlpOptionsBase.CheckpointPath),
        nameof(MlpOptionsBase.CheckpointEveryEpochs), nameof(MlpOptionsBase.ResumeFromCheckpoint),
    ];

    public CheckpointFingerprint(IReadOnlyList<KeyValuePair<string, string>> entries) => Entries = entries;

    /// <summary>The entries in a fixed order: options by name, then the data.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries { get; }

    /// <summary>
    /// The options part of a fingerprint: the trainer and every option by its user-facing name (a resumed fit is
    /// compared with what the user set, and a new option is fingerprinted without a change here).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> DescribeOptions(MlpOptionsBase options)
    {
        var entries = new List<KeyValuePair<string, string>> { new("Trainer", options.GetType().Name) };
        Describe(options, "option ", entries);
        return entries;
    }

    /// <summary>The fingerprint of a fit about to run, from its <see cref="DescribeOptions"/> and its data.</summary>
    public static CheckpointFingerprint Of(IReadOnlyList<KeyValuePair<string, string>> options, MlpTrainingData train, MlpTrainingData? validation,
        ParameterSet<float>? initial)
    {
        var entries = new List<KeyValuePair<string, string>>(options);
        entries.Add(new("training rows", Describe(train)));
        entries.Add(new("validation rows", validation is null ? "none" : Describe(validation)));
        entries.Add(new("initial weights", initial is null ? "none (a fresh fit)" : Describe(initial)));
        return new CheckpointFingerprint(entries);
    }

    /// <summary>Sentences naming what differs between a checkpoint's fingerprint and this fit's; empty when they agree.</summary>
    public IReadOnlyList<string> Differences(CheckpointFingerprint fit)
    {
        var mine = Entries.ToDictionary(e => e.Key, e => e.Value);
        var theirs = fit.Entries.ToDictionary(e => e.Key, e => e.Value);
        var differences = new List<string>();
        foreach (var (name, value) in fit.Entries)
        {
            if (!mine.TryGetValue(name, out var saved))
                differences.Add($"{name} is {value} in this fit and absent from the checkpoint");
            else if (saved != value)
                differences.Add($"{name} is {saved} in the checkpoint and {value} in this fit");
        }
        foreach (var (name, value) in Entries)
        {
            if (!theirs.ContainsKey(name))
                differences.Add($"{name} is {value} in the checkpoint and absent from this fit");
        }
        return differences;
    }

    private static void Describe(object settings, string prefix, List<KeyValuePair<string, string>> entries)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (Ignored.Contains(property.Name) || property.GetIndexParameters().Length > 0)
                continue;
            object? value = property.GetValue(settings);
            if (value is not null && IsSettingsObject(value))
                Describe(value, $"{prefix}{property.Name}.", entries);
            else
                entries.Add(new($"{prefix}{property.Name}", Format(value)));
        }
    }

    // Nested option objects (OptimizerSettings, LearningRateScheduleSettings) are compared setting by setting.
    private static bool IsSettingsObject(object value) =>
        value.GetType() is { IsClass: true } type && type != typeof(string) && value is not IEnumerable && value is not IGradientBackend &&
        type.Namespace?.StartsWith("MlNetNeural", StringComparison.Ordinal) == true;

    private static string Format(object? value) => value switch
    {
        null => "unset",
        string text => $"'{text}'",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IGradientBackend backend => backend.Name,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Describe(MlpTrainingData data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (data.IsSparse)
        {
            var sparse = data.Features.Sparse;
            Span<int> length = stackalloc int[1];
            for (int r = 0; r < data.Rows; r++)
            {
                length[0] = sparse.Indices(r).Length;
                hash.AppendData(MemoryMarshal.AsBytes(length));
                hash.AppendData(MemoryMarshal.AsBytes(sparse.Indices(r)));
                hash.AppendData(MemoryMarshal.AsBytes(sparse.Values(r)));
            }
        }
        else
        {
            hash.AppendData(MemoryMarshal.AsBytes(data.Features.Dense.AsSpan()));
        }
        hash.AppendData(MemoryMarshal.AsBytes(data.Targets.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(data.Weights.AsSpan()));
        return $"{data.Rows} rows of {data.FeatureCount} {(data.IsSparse ? "sparse" : "dense")} features and {data.TargetWidth} targets, " +
               $"SHA-256 {Convert.ToHexString(hash.GetHashAndReset())[..16]}";
    }

    private static string Describe(ParameterSet<float> parameters)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (values, _) in parameters.Arrays())
            hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        return $"layers [{string.Join(", ", parameters.LayerSizes)}] on {parameters.InputSize} inputs, SHA-256 {Convert.ToHexString(hash.GetHashAndReset())[..16]}";
    }
}
