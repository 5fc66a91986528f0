using MlNetNeural.Neural.Losses;
using MlNetNeural.Training;
using Xunit;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>
/// Label smoothing against TorchSharp as the reference: our softmax cross-entropy on smoothed one-hot targets gives
/// <c>cross_entropy(logits, labels, label_smoothing: ε)</c>'s value and autograd gradient; for one logit, Keras' rule
/// y·(1 − ε) + ε/2 computed in torch and fed to <c>binary_cross_entropy_with_logits</c>.
/// </summary>
public sealed class LabelSmoothingCrossCheckTests
{
    private const int Rows = 7;

    [Theory]
    [InlineData(3, 0.1f)]
    [InlineData(5, 0.3f)]
    [InlineData(1, 0.2f)]
    public void Smoothed_targets_give_torchs_label_smoothed_loss_and_gradient(int classes, float epsilon)
    {
        var random = new Random(classes);
        float[] logits = Enumerable.Range(0, Rows * classes).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        long[] labels = Enumerable.Range(0, Rows).Select(_ => (long)random.Next(classes == 1 ? 2 : classes)).ToArray();

        float[] targets = new float[Rows * classes];
        for (int r = 0; r < Rows; r++)
        {
            if (classes == 1)
                targets[r] = labels[r];
            else
                targets[(r * classes) + labels[r]] = 1;
        }

        LabelSmoothing.Apply(targets, classes, epsilon);
        var loss = LossFactory.Create<float>(classes == 1 ? LossFunction.BinaryCrossEntropy : LossFunction.SoftmaxCrossEntropy);
        var gradient = new float[logits.Length];
        double ours = loss.Compute(logits, targets, [], Rows, classes, gradient);

        using var scope = NewDisposeScope();
        var z = tensor(logits.Select(v => (double)v).ToArray(), [Rows, classes], requires_grad: true);
        Tensor reference = classes == 1
            ? F.binary_cross_entropy_with_logits(z, (tensor(labels.Select(l => (double)l).ToArray(), [Rows, 1]) * (1 - epsilon)) + (epsilon / 2.0))
            : F.cross_entropy(z, tensor(labels), label_smoothing: epsilon);
        reference.backward();
        CrossCheck.Relative(reference.item<double>(), ours, 1e-5, "loss");
        float[] expected = z.grad!.data<double>().Select(v => (float)v).ToArray();
        CrossCheck.Arrays(expected, gradient, 1e-5, "gradient");
    }
}
