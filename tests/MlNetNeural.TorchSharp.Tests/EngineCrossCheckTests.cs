using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Training.Backends;
using Xunit;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>
/// Same weights, batch, example weights and dropout masks → the managed engine and the TorchSharp
/// engine agree on the objective and on every gradient within 1e-4 relative, over several steps
/// (each step moves the weights by the managed gradient, so later steps see new weights).
/// </summary>
public sealed class EngineCrossCheckTests
{
    private const double Tolerance = 1e-4;
    private const int Rows = 24;
    private const int Inputs = 6;

    public static TheoryData<Activation> EveryActivation() => new(Enum.GetValues<Activation>());

    public static TheoryData<LossFunction> EveryLoss() => new(Enum.GetValues<LossFunction>());

    [Theory]
    [MemberData(nameof(EveryActivation))]
    public void GradientsCrossCheck_EveryActivation(Activation activation) =>
        Run(new Case([9, 7, 1], [activation, activation, Activation.Identity], LossFunction.BinaryCrossEntropy));

    [Theory]
    [MemberData(nameof(EveryLoss))]
    public void GradientsCrossCheck_EveryLoss(LossFunction loss)
    {
        // Two regression and two binary outputs check the mean over outputs; three classes the sum over classes.
        int outputs = loss == LossFunction.SoftmaxCrossEntropy ? 3 : 2;
        Run(new Case([8, outputs], [Activation.Tanh, Activation.Identity], loss, HuberDelta: 0.5));
    }

    [Theory]
    [InlineData(0.01, 0.0)]
    [InlineData(0.0, 0.1)]
    [InlineData(0.01, 0.1)]
    public void GradientsCrossCheck_Regularizer(double l1, double l2) =>
        Run(new Case([8, 5, 3], [Activation.Relu, Activation.Elu, Activation.Identity], LossFunction.SoftmaxCrossEntropy, L1: l1, L2: l2));

    [Theory]
    [InlineData(0.2, 0.2)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.0, 0.3)]
    public void GradientsCrossCheck_Dropout(double rate0, double rate1) =>
        Run(new Case([10, 8, 1], [Activation.Relu, Activation.Tanh, Activation.Identity], LossFunction.BinaryCrossEntropy, L2: 0.01, Dropout: [rate0, rate1]));

    [Fact]
    public void GradientsCrossCheck_ZeroAndUnequalExampleWeights() =>
        Run(new Case([6, 2], [Activation.Sigmoid, Activation.Identity], LossFunction.Huber, ZeroSomeWeights: true));

    [Fact]
    public void GradientsCrossCheck_NoHiddenLayer() =>
        Run(new Case([3], [Activation.Identity], LossFunction.SoftmaxCrossEntropy, L1: 0.001));

    [Theory]
    [MemberData(nameof(EveryLoss))]
    public void EvaluateLossAndForwardCrossCheck(LossFunction loss)
    {
        int outputs = loss == LossFunction.SoftmaxCrossEntropy ? 4 : 1;
        var spec = new NetworkSpec(Inputs, [7, outputs], [Activation.LeakyRelu, Activation.Identity], 8, loss, 1.0, 0.1, 0.1);
        var random = new Random(5);
        var parameters = RandomParameters(spec, random);
        int rows = 29; // more than the batch size: both engines handle any number of rows
        var inputs = CrossCheck.Normal(random, rows * Inputs);
        var targets = Targets(loss, rows, outputs, random);
        var weights = Enumerable.Range(0, rows).Select(_ => (float)(0.5 + random.NextDouble())).ToArray();

        using var managed = ManagedBackend.Instance.CreateEngine(spec);
        using var torch = new TorchSharpBackend().CreateEngine(spec);
        CrossCheck.Relative(managed.EvaluateLoss(parameters, inputs, rows, targets, weights),
            torch.EvaluateLoss(parameters, inputs, rows, targets, weights), Tolerance, $"{loss} validation loss");
        var expected = new float[rows * outputs];
        var actual = new float[rows * outputs];
        managed.Forward(parameters, inputs, rows, expected);
        torch.Forward(parameters, inputs, rows, actual);
        CrossCheck.Arrays(expected, actual, Tolerance, "forward outputs");
    }

    private sealed record Case(int[] Layers, Activation[] Activations, LossFunction Loss,
        double L1 = 0, double L2 = 0, double[]? Dropout = null, double HuberDelta = 1.0, bool ZeroSomeWeights = false);

    private static void Run(Case c)
    {
        var spec = new NetworkSpec(Inputs, c.Layers, c.Activations, Rows, c.Loss, c.HuberDelta, c.L1, c.L2);
        var random = new Random(17);
        var parameters = RandomParameters(spec, random);
        var managedGradients = new ParameterSet<float>(Inputs, c.Layers);
        var torchGradients = new ParameterSet<float>(Inputs, c.Layers);
        var masks = c.Dropout is null ? null : new DropoutMasks<float>(c.Layers[..^1], c.Dropout, Rows);

        using var managed = ManagedBackend.Instance.CreateEngine(spec);
        using var torch = new TorchSharpBackend().CreateEngine(spec);
        for (int step = 0; step < 4; step++)
        {
            int rows = step == 3 ? Rows - 5 : Rows; // a short last batch, as at the end of an epoch
            var inputs = CrossCheck.Normal(random, rows * Inputs);
            var targets = Targets(c.Loss, rows, c.Layers[^1], random);
            var weights = Enumerable.Range(0, rows).Select(r => c.ZeroSomeWeights && r % 5 == 0 ? 0f : (float)(0.25 + 1.5 * random.NextDouble())).ToArray();
            masks?.Fill(random, rows);

            double expected = managed.ComputeGradients(parameters, inputs, rows, targets, weights, managedGradients, masks);
            double actual = torch.ComputeGradients(parameters, inputs, rows, targets, weights, torchGradients, masks);
            CrossCheck.Relative(expected, actual, Tolerance, $"objective at step {step}");
            CrossCheck.Parameters(managedGradients, torchGradients, Tolerance, $"gradient at step {step}");

            for (int i = 0; i < parameters.ArrayCount; i++)
            {
                var (values, _) = parameters.GetArray(i);
                var (gradient, _) = managedGradients.GetArray(i);
                for (int j = 0; j < values.Length; j++)
                    values[j] -= 0.2f * gradient[j];
            }
        }
    }

    internal static ParameterSet<float> RandomParameters(NetworkSpec spec, Random random)
    {
        var parameters = new ParameterSet<float>(spec.InputSize, spec.LayerSizes);
        for (int l = 0; l < parameters.LayerCount; l++)
        {
            CrossCheck.Normal(random, parameters.Weights[l].Length, Math.Sqrt(2.0 / parameters.LayerInputSize(l))).CopyTo(parameters.Weights[l], 0);
            CrossCheck.Normal(random, parameters.Biases[l].Length, 0.1).CopyTo(parameters.Biases[l], 0);
        }
        return parameters;
    }

    internal static float[] Targets(LossFunction loss, int rows, int width, Random random)
    {
        var targets = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            switch (loss)
            {
                case LossFunction.BinaryCrossEntropy:
                    for (int j = 0; j < width; j++)
                        targets[r * width + j] = random.NextDouble() < 0.5 ? 0 : 1;
                    break;
                case LossFunction.SoftmaxCrossEntropy:
                    targets[r * width + random.Next(width)] = 1;
                    break;
                default:
                    CrossCheck.Normal(random, width, 1.5).CopyTo(targets, r * width);
                    break;
            }
        }
        return targets;
    }
}
