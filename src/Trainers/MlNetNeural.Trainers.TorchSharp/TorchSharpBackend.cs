using MlNetNeural.Neural;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Training.Backends;
using TorchSharp;

namespace MlNetNeural.TorchSharp;

/// <summary>
/// The TorchSharp (libtorch) autograd backend: an independent implementation of the managed
/// engine's forward pass, objective and gradients, so that the two can be checked against each
/// other and a user can see the managed numbers reproduced by PyTorch's kernels.
/// </summary>
/// <remarks>
/// <para>Select it on any MLP trainer's options:
/// <c>options.Backend = new TorchSharpBackend();</c> or <c>options.UseTorchSharp()</c>.
/// The training loop is unchanged: it still owns the random generator, the initial weights, the
/// batch order, the dropout masks and the optimizer, and the fitted model is the same
/// model-parameters type as with the managed engine, so a saved model never needs TorchSharp.</para>
/// <para>Per batch the engine copies the weights into libtorch tensors that require gradients,
/// computes <c>Zₗ = Aₗ·Wₗᵀ + bₗ</c> and the layer's activation with torch operators, multiplies
/// hidden outputs by the loop's dropout masks, evaluates the loss in double precision with
/// torch's loss functions (same conventions as the managed losses: weighted mean over rows
/// <c>Σw·L/Σw</c>, element-wise losses averaged over the outputs, softmax cross-entropy summed
/// over classes), adds <c>L1·Σ|W| + (L2/2)·ΣW²</c> over the weights, calls <c>backward()</c> and
/// copies the gradients back. Every tensor is released per call (a TorchSharp dispose scope).</para>
/// <para>The native library (libtorch, about 600 MB, from the TorchSharp-cpu package) is loaded
/// when the first engine is created; if it cannot be loaded, training fails with an
/// <see cref="InvalidOperationException"/> naming TorchSharp and the cause.</para>
/// </remarks>
public sealed class TorchSharpBackend : IGradientBackend
{
    /// <summary>Creates the backend; it holds no state, so one instance can serve any number of trainers.</summary>
    public TorchSharpBackend()
    {
    }

    /// <inheritdoc />
    public string Name => "TorchSharp";

    /// <summary>
    /// libtorch's intra-op thread count (<c>torch.set_num_threads</c>, which is process-wide), set when
    /// an engine is created; <c>null</c> leaves libtorch's setting alone. The default is 1: a batch of a
    /// tabular MLP is a few dozen tiny operators, and handing each to a thread pool costs more than it
    /// saves (measured on 2 cores: 28 ms per step with libtorch's default threads, 2.4 ms with one).
    /// Must be at least 1.
    /// </summary>
    public int? IntraOpThreads { get; init; } = 1;

    /// <summary>Whether the libtorch native library can be loaded in this process.</summary>
    /// <param name="reason">When it cannot, why not; otherwise <c>null</c>.</param>
    /// <returns><see langword="true"/> if TorchSharp is usable.</returns>
    public static bool IsAvailable(out string? reason)
    {
        try
        {
            LibTorch.EnsureLoaded();
            reason = null;
            return true;
        }
        catch (InvalidOperationException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The network uses an activation or loss this backend does not know.</exception>
    /// <exception cref="InvalidOperationException">The TorchSharp native library could not be loaded.</exception>
    public IGradientEngine CreateEngine(NetworkSpec network)
    {
        ArgumentNullException.ThrowIfNull(network);
        TorchSharpEngine.CheckSupported(network);
        if (IntraOpThreads is < 1)
            throw new NotSupportedException($"TorchSharp backend: IntraOpThreads must be at least 1 (or null) but is {IntraOpThreads}.");
        LibTorch.EnsureLoaded();
        if (IntraOpThreads is { } threads && torch.get_num_threads() != threads)
            torch.set_num_threads(threads);
        return new TorchSharpEngine(network);
    }
}
