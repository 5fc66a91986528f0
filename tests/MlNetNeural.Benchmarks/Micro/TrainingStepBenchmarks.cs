using BenchmarkDotNet.Attributes;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Benchmarks.Micro;

/// <summary>One managed training step (forward, backward, Adam) of 64→256→128→10 at batch 256 and 64→64→10 at batch 32.</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Backpropagation<float> _engine = null!;
    private ParameterSet<float> _parameters = null!, _gradients = null!;
    private OptimizerParameter<float>[] _optimizerParameters = [];
    private AdamOptimizer<float> _adam = null!;
    private float[] _inputs = [], _targets = [], _weights = [];

    [Params("64→256→128→10 b256", "64→64→10 b32")]
    public string Network { get; set; } = "64→256→128→10 b256";

    [GlobalSetup]
    public void Setup()
    {
        int[] layers = Network.StartsWith("64→256", StringComparison.Ordinal) ? [256, 128, 10] : [64, 10];
        int batch = Network.EndsWith("b256", StringComparison.Ordinal) ? 256 : 32;
        var activations = layers.Select((_, l) => l < layers.Length - 1 ? Activation.Relu : Activation.Identity).ToArray();
        _engine = new Backpropagation<float>(64, layers, activations, batch, new SoftmaxCrossEntropyLoss<float>());
        _parameters = _engine.CreateParameterSet();
        _gradients = _engine.CreateParameterSet();
        var random = new Random(1);
        foreach (var (values, _) in _parameters.Arrays())
        {
            for (int i = 0; i < values.Length; i++)
                values[i] = (float)((random.NextDouble() - 0.5) * 0.2);
        }
        _optimizerParameters = Enumerable.Range(0, _parameters.ArrayCount)
            .Select(i => new OptimizerParameter<float>(_parameters.GetArray(i).Values, _gradients.GetArray(i).Values, _parameters.GetArray(i).IsWeight)).ToArray();
        _adam = new AdamOptimizer<float>();
        _inputs = Enumerable.Range(0, batch * 64).Select(_ => (float)random.NextDouble()).ToArray();
        _targets = new float[batch * 10];
        for (int r = 0; r < batch; r++)
            _targets[(r * 10) + random.Next(10)] = 1;
        _weights = Enumerable.Repeat(1f, batch).ToArray();
    }

    [Benchmark]
    public double Step()
    {
        double loss = _engine.ComputeGradients(_parameters, _inputs, _weights.Length, _targets, _weights, _gradients);
        _adam.Step(_optimizerParameters, 1e-3f);
        return loss;
    }
}
