using System.Numerics.Tensors;
using MlNetNeural.Neural;
using MlNetNeural.Persistence;

namespace MlNetNeural.Training;

/// <summary>
/// Checks after each epoch that training has not diverged unseen: a batch loss is measured before its step, so the
/// epoch's last step could overflow, or leave finite weights so large that scoring overflows (which the model loader
/// refuses too).
/// </summary>
internal sealed class DivergenceMonitor
{
    private readonly Activation[] _activations;
    private readonly TargetScaling _scaling;
    private readonly MlpTrainingData _train;
    private readonly bool _inputMajorFirstLayer;
    private double? _inputMagnitude; // the training features' largest magnitude, or more; measured once

    /// <param name="activations">Per layer, the activation.</param>
    /// <param name="scaling">How the model maps network outputs to scores.</param>
    /// <param name="train">The training rows, whose magnitude bounds the inputs checked.</param>
    /// <param name="inputMajorFirstLayer">Whether the first weight matrix is held in × out.</param>
    public DivergenceMonitor(Activation[] activations, TargetScaling scaling, MlpTrainingData train, bool inputMajorFirstLayer)
    {
        _activations = activations;
        _scaling = scaling;
        _train = train;
        _inputMajorFirstLayer = inputMajorFirstLayer;
    }

    /// <summary>What went wrong with <paramref name="parameters"/>, or <c>null</c> if the model they make is sound.</summary>
    public string? Check(ParameterSet<float> parameters)
    {
        if (!AllFinite(parameters))
            return "a weight or bias became NaN or infinite";
        if (!ScoresStayFinite(parameters))
            return "the weights grew so large that scores would overflow float32";
        return null;
    }

    /// <summary>The error a fit without <c>DivergenceHandling.RestoreBest</c> ends with.</summary>
    public static InvalidOperationException Diverged(int epoch, string what, double rate) =>
        new($"Training diverged in epoch {epoch}: {what}. Lower option LearningRate (now {rate:G4}), " +
            $"set option GradientClipNorm, or normalize the features (e.g. NormalizeMeanVariance); " +
            $"option OnDivergence = RestoreBest returns the best weights so far instead of throwing.");

    /// <summary>
    /// Whether the model these weights make passes the loader's <see cref="OverflowGuard"/>, and scores the
    /// training rows without overflow: the worst-case output for inputs within the larger of
    /// <see cref="OverflowGuard.InputBound"/> and the training features' magnitude, mapped to a score.
    /// </summary>
    private bool ScoresStayFinite(ParameterSet<float> parameters)
    {
        _inputMagnitude ??= Math.Max(OverflowGuard.InputBound, _train.Features.MaxMagnitude());
        double output = OverflowGuard.NetworkBound(parameters.InputSize, parameters.Weights, parameters.Biases, _activations,
            _inputMajorFirstLayer, _inputMagnitude.Value);
        return output * _scaling.Scale + Math.Abs(_scaling.Mean) <= float.MaxValue;
    }

    private static bool AllFinite(ParameterSet<float> parameters)
    {
        // MaxMagnitude propagates NaN and returns ∞ for any infinity: one vectorised pass per array.
        foreach (var (values, _) in parameters.Arrays())
        {
            if (values.Length > 0 && !float.IsFinite(TensorPrimitives.MaxMagnitude<float>(values)))
                return false;
        }
        return true;
    }
}
