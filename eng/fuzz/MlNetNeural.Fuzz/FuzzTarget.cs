namespace MlNetNeural.Fuzz;

/// <summary>
/// One decoder under fuzzing. <see cref="Run"/> feeds it one input and returns when the decoder accepted the input or
/// refused it the documented way; any other exception escapes, and the fuzzer records the input as a crash.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name run.sh and the tests use.</summary>
    public abstract string Name { get; }

    /// <summary>Well-formed inputs to start from: AFL++ mutates them.</summary>
    public abstract IEnumerable<(string Name, byte[] Bytes)> Seeds();

    /// <summary>Decodes one input; returns whether it was accepted (false: refused the documented way); throws only if the decoder broke its contract.</summary>
    public abstract bool Run(byte[] input);
}

/// <summary>The targets.</summary>
public static class FuzzTargets
{
    /// <summary>Every target.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } = [new ModelEntryTarget(), new CheckpointTarget(), new DelimitedFileTarget()];

    /// <summary>The target called <paramref name="name"/>, or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}

/// <summary>The fuzzer found an input the decoder mishandled without throwing (a loaded model that scores NaN, say).</summary>
public sealed class ContractViolationException(string message) : Exception(message);
