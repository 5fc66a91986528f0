using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Training.Backends;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>Wraps a backend and records the objective of every training step the loop takes.</summary>
internal sealed class RecordingBackend(IGradientBackend inner) : IGradientBackend
{
    public List<double> StepLosses { get; } = [];

    public string Name => inner.Name;

    public IGradientEngine CreateEngine(NetworkSpec network) => new Engine(inner.CreateEngine(network), StepLosses);

    private sealed class Engine(IGradientEngine engine, List<double> losses) : IGradientEngine
    {
        public double ComputeGradients(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets,
            ReadOnlySpan<float> exampleWeights, ParameterSet<float> gradients, DropoutMasks<float>? dropout)
        {
            double loss = engine.ComputeGradients(parameters, inputs, rows, targets, exampleWeights, gradients, dropout);
            losses.Add(loss);
            return loss;
        }

        public double EvaluateLoss(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets, ReadOnlySpan<float> exampleWeights)
            => engine.EvaluateLoss(parameters, inputs, rows, targets, exampleWeights);

        public void Forward(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, Span<float> outputs)
            => engine.Forward(parameters, inputs, rows, outputs);

        public void Dispose() => engine.Dispose();
    }
}
