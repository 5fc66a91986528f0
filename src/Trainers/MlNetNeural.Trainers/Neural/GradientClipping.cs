using System;
using System.Collections.Generic;
using System.Numerics;
using System.Numerics.Tensors;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural;

/// <summary>Gradient-norm clipping over all parameters at once, as torch's <c>clip_grad_norm_</c>.</summary>
/// <remarks>
/// The norm is the L2 norm of all gradient arrays taken as one vector. When it exceeds the
/// maximum, every gradient is multiplied by <c>maxNorm / norm</c>, so the new norm is the maximum
/// (up to rounding). torch divides by <c>norm + 1e-6</c> instead, a 1e-6 relative difference that
/// only guards a division by zero we never make (we scale only when norm &gt; maxNorm &gt; 0).
/// A non-finite norm leaves the gradients untouched and is returned for the caller to act on.
/// </remarks>
internal static class GradientClipping
{
    /// <summary>Scales the gradients down so their global L2 norm is at most <paramref name="maxNorm"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="gradients">The gradient arrays, modified in place when clipped.</param>
    /// <param name="maxNorm">The largest allowed norm; finite and &gt; 0.</param>
    /// <returns>The global norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not finite and positive.</exception>
    public static double ClipGlobalNorm<T>(IReadOnlyList<T[]> gradients, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradients);
        OptionChecks.Positive(maxNorm, nameof(maxNorm));
        double sumOfSquares = 0;
        for (int i = 0; i < gradients.Count; i++)
        {
            sumOfSquares += double.CreateChecked(TensorPrimitives.SumOfSquares<T>(gradients[i]));
        }

        double norm = Math.Sqrt(sumOfSquares);
        if (norm > maxNorm && double.IsFinite(norm))
        {
            T scale = T.CreateChecked(maxNorm / norm);
            for (int i = 0; i < gradients.Count; i++)
            {
                TensorPrimitives.Multiply(gradients[i], scale, gradients[i]);
            }
        }

        return norm;
    }

    /// <summary>Scales the parameters' gradients down so their global L2 norm is at most <paramref name="maxNorm"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="parameters">The parameters whose <see cref="OptimizerParameter{T}.Gradient"/> arrays are clipped in place.</param>
    /// <param name="maxNorm">The largest allowed norm; finite and &gt; 0.</param>
    /// <returns>The global norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not finite and positive.</exception>
    public static double ClipGlobalNorm<T>(IReadOnlyList<OptimizerParameter<T>> parameters, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        OptionChecks.Positive(maxNorm, nameof(maxNorm));
        double sumOfSquares = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            sumOfSquares += double.CreateChecked(TensorPrimitives.SumOfSquares<T>(parameters[i].Gradient));
        }

        double norm = Math.Sqrt(sumOfSquares);
        if (norm > maxNorm && double.IsFinite(norm))
        {
            T scale = T.CreateChecked(maxNorm / norm);
            for (int i = 0; i < parameters.Count; i++)
            {
                TensorPrimitives.Multiply(parameters[i].Gradient, scale, parameters[i].Gradient);
            }
        }

        return norm;
    }
}
