using MlNetNeural.Neural;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Cli.Parsing;

/// <summary>The names the command line uses for tasks, activations and optimizers, written once.</summary>
internal static class Names
{
    /// <summary>Tasks by name.</summary>
    public static IReadOnlyDictionary<string, TaskKind> Tasks { get; } = new Dictionary<string, TaskKind>
    {
        ["binary"] = TaskKind.Binary,
        ["multiclass"] = TaskKind.Multiclass,
        ["regression"] = TaskKind.Regression,
    };

    /// <summary>Hidden-layer activations by name.</summary>
    public static IReadOnlyDictionary<string, Activation> Activations { get; } = new Dictionary<string, Activation>
    {
        ["relu"] = Activation.Relu,
        ["leaky-relu"] = Activation.LeakyRelu,
        ["elu"] = Activation.Elu,
        ["tanh"] = Activation.Tanh,
        ["sigmoid"] = Activation.Sigmoid,
        ["selu"] = Activation.Selu,
        ["gelu"] = Activation.Gelu,
        ["silu"] = Activation.Silu,
        ["mish"] = Activation.Mish,
        ["identity"] = Activation.Identity,
    };

    /// <summary>Optimizers by name.</summary>
    public static IReadOnlyDictionary<string, OptimizerKind> Optimizers { get; } = new Dictionary<string, OptimizerKind>
    {
        ["sgd"] = OptimizerKind.Sgd,
        ["momentum"] = OptimizerKind.Momentum,
        ["nesterov"] = OptimizerKind.Nesterov,
        ["rmsprop"] = OptimizerKind.RMSprop,
        ["adam"] = OptimizerKind.Adam,
        ["adamw"] = OptimizerKind.AdamW,
    };

    /// <summary>The name of a value in a table (the inverse lookup), for messages and manifests.</summary>
    public static string Of<T>(IReadOnlyDictionary<string, T> table, T value) where T : struct
        => table.First(kv => EqualityComparer<T>.Default.Equals(kv.Value, value)).Key;

    /// <summary>Looks <paramref name="text"/> up ignoring case, '-' and '_'; <c>null</c> when unknown.</summary>
    public static T? Find<T>(string text, IReadOnlyDictionary<string, T> table) where T : struct
    {
        string wanted = Normalize(text);
        foreach (var (name, value) in table)
        {
            if (Normalize(name) == wanted)
                return value;
        }
        return null;
    }

    private static string Normalize(string name) => name.Replace("-", "").Replace("_", "").ToLowerInvariant();
}
