using System;
using System.Numerics;

namespace MlNetNeural.Neural.Losses;

/// <summary>Argument checks and example-weight helpers shared by the losses.</summary>
internal static class LossArguments
{
    /// <summary>Validates the spans of <see cref="ILoss{T}.Compute"/> and returns Σ w (rows when weights are empty).</summary>
    public static double Check<T>(
        ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> exampleWeights,
        int rows, int width, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        int n = rows * width;
        CheckLength(outputs.Length, n, nameof(outputs));
        CheckLength(targets.Length, n, nameof(targets));
        if (!gradient.IsEmpty)
        {
            CheckLength(gradient.Length, n, nameof(gradient));
        }

        if (exampleWeights.IsEmpty)
        {
            return rows;
        }

        CheckLength(exampleWeights.Length, rows, nameof(exampleWeights));
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            double w = double.CreateTruncating(exampleWeights[i]);
            if (!(w >= 0) || double.IsInfinity(w))
            {
                throw new ArgumentException(
                    $"Example weight {i} is {w}; weights must be finite and non-negative.", nameof(exampleWeights));
            }

            total += w;
        }

        return total;
    }

    /// <summary>Weight of row <paramref name="row"/>, 1 when no weights are given.</summary>
    public static double WeightAt<T>(ReadOnlySpan<T> exampleWeights, int row)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        exampleWeights.IsEmpty ? 1.0 : double.CreateTruncating(exampleWeights[row]);

    private static void CheckLength(int actual, int required, string name)
    {
        if (actual != required)
        {
            throw new ArgumentException($"{name} must have {required} values but has {actual}.", name);
        }
    }
}
