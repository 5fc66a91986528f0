using System;
using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>
/// Softmax cross-entropy computed from k logits per row (PyTorch's <c>CrossEntropyLoss</c>
/// with probability targets).
/// </summary>
/// <typeparam name="T">float in production, double in gradient checks.</typeparam>
/// <remarks>
/// Lᵢ = −Σⱼ tⱼ·log softmax(z)ⱼ = Σⱼ tⱼ·(lse − zⱼ), with the log-sum-exp
/// lse = m + log Σⱼ e^(zⱼ − m), m = maxⱼ zⱼ, so no exponent is positive and logits of ±1000
/// stay finite. ∂Lᵢ/∂zⱼ = pⱼ·Σₖ tₖ − tⱼ, which is the familiar pⱼ − tⱼ for one-hot targets.
/// The row loss is summed over classes, not averaged (unlike the element-wise losses).
/// </remarks>
internal sealed class SoftmaxCrossEntropyLoss<T> : ILoss<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public LossFunction Kind => LossFunction.SoftmaxCrossEntropy;

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

        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            double w = LossArguments.WeightAt(exampleWeights, r);
            ReadOnlySpan<T> z = outputs.Slice(r * width, width);
            ReadOnlySpan<T> t = targets.Slice(r * width, width);
            if (w == 0)
            {
                if (wantGradient)
                {
                    gradient.Slice(r * width, width).Clear();
                }

                continue;
            }

            double lse = LogSumExp(z);
            var (rowLoss, targetSum) = RowLoss(z, t, lse);
            sum += w * rowLoss;
            if (wantGradient)
            {
                double scale = w / totalWeight;
                Span<T> g = gradient.Slice(r * width, width);
                for (int j = 0; j < width; j++)
                {
                    double p = Math.Exp(double.CreateTruncating(z[j]) - lse);
                    g[j] = T.CreateTruncating(scale * ((p * targetSum) - double.CreateTruncating(t[j])));
                }
            }
        }

        return sum / totalWeight;
    }

    // One row's −Σ tⱼ log softmax(z)ⱼ, and Σ tⱼ (1 for one-hot or smoothed targets).
    private static (double Loss, double TargetSum) RowLoss(ReadOnlySpan<T> z, ReadOnlySpan<T> t, double lse)
    {
        double rowLoss = 0;
        double targetSum = 0;
        for (int j = 0; j < z.Length; j++)
        {
            double tj = double.CreateTruncating(t[j]);
            // Skipping zero targets avoids 0·∞ when a logit is −∞.
            if (tj != 0)
            {
                rowLoss += tj * (lse - double.CreateTruncating(z[j]));
                targetSum += tj;
            }
        }
        return (rowLoss, targetSum);
    }

    private static double LogSumExp(ReadOnlySpan<T> z)
    {
        double max = double.NegativeInfinity;
        foreach (T v in z)
        {
            max = Math.Max(max, double.CreateTruncating(v));
        }

        double s = 0;
        foreach (T v in z)
        {
            s += Math.Exp(double.CreateTruncating(v) - max);
        }

        return max + Math.Log(s);
    }
}
