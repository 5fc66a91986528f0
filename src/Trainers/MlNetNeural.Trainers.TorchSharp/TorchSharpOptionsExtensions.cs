using MlNetNeural.Mlp;

namespace MlNetNeural.TorchSharp;

/// <summary>Selects the TorchSharp backend on MLP trainer options.</summary>
public static class TorchSharpOptionsExtensions
{
    /// <summary>
    /// Sets <see cref="MlpOptionsBase.Backend"/> to a <see cref="TorchSharpBackend"/>, so that the
    /// trainer computes forward passes and gradients with TorchSharp autograd.
    /// </summary>
    /// <typeparam name="TOptions">The trainer's options type.</typeparam>
    /// <param name="options">The options to change.</param>
    /// <returns>The same options, for chaining.</returns>
    /// <example><c>ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options { HiddenLayers = [16] }.UseTorchSharp())</c></example>
    public static TOptions UseTorchSharp<TOptions>(this TOptions options)
        where TOptions : MlpOptionsBase
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Backend = new TorchSharpBackend();
        return options;
    }
}
