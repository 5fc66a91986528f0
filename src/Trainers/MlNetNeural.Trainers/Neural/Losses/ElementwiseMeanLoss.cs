using System;
using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>
/// Base of the losses that score each output independently: Lᵢ = (1/k)·Σⱼ ℓ(yᵢⱼ, tᵢⱼ), the
/// mean over the k outputs of a row, so that with equal example weights the batch value is
/// the mean over all rows × k elements, as with PyTorch's <c>reduction="mean"</c>.
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
internal abstract class ElementwiseMeanLoss<T> : ILoss<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public abstract LossFunction Kind { get; }

    /// <inheritdoc/>
    public double Compute(
        ReadOnlySpan<T> outputs,
        ReadOnlySpan<T> targets,
        ReadOnlySpan<T> exampleWeights,
        int rows,
        int width,
        Span<T> gradient)
    {
        double totalWeight = LossArguments.Check(outputs, targets, exampleWeights, rows, width, gradient);
        bool wantGradient = !gradient.IsEmpty;
        if (totalWeight == 0)
        {
            gradient.Clear();
            return 0;
        }

        // Dividing once by Σw·k at the end keeps the per-element work to one multiply.
        double scale = 1.0 / (totalWeight * width);
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            double w = LossArguments.WeightAt(exampleWeights, r);
            int start = r * width;
            if (w == 0)
            {
                if (wantGradient)
                {
                    gradient.Slice(start, width).Clear();
                }

                continue;
            }

            double rowSum = 0;
            for (int j = start; j < start + width; j++)
            {
                rowSum += Element(double.CreateTruncating(outputs[j]), double.CreateTruncating(targets[j]), out double d);
                if (wantGradient)
                {
                    gradient[j] = T.CreateTruncating(w * scale * d);
                }
            }

            sum += w * rowSum;
        }

        return sum * scale;
    }

    /// <summary>The loss ℓ(y, t) of one output and its derivative ∂ℓ/∂y.</summary>
    /// <param name="output">The network output y.</param>
    /// <param name="target">The target t.</param>
    /// <param name="derivative">Receives ∂ℓ/∂y.</param>
    /// <returns>ℓ(y, t).</returns>
    protected abstract double Element(double output, double target, out double derivative);
}
