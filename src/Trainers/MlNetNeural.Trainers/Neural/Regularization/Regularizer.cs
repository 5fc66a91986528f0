using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace MlNetNeural.Neural.Regularization;

/// <summary>
/// The weight penalty added to the objective: L1·Σ|W| + (L2/2)·ΣW² over the weight matrices
/// of every layer, not the biases. Both non-zero is the elastic net.
/// </summary>
/// <remarks>
/// The gradient added is L1·sign(W) + L2·W, with sign(0) = 0 as in PyTorch's <c>abs</c>
/// backward. AdamW's decoupled weight decay is a different thing and lives in the optimizer.
/// </remarks>
internal sealed class Regularizer
{
    /// <summary>A regularizer that adds nothing.</summary>
    public static readonly Regularizer None = new(0, 0);

    /// <summary>Creates a penalty.</summary>
    /// <param name="l1">Coefficient of Σ|W|; finite and ≥ 0.</param>
    /// <param name="l2">Coefficient of ½ΣW²; finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is negative, NaN or infinite.</exception>
    public Regularizer(double l1, double l2)
    {
        L1 = Check(l1, nameof(l1));
        L2 = Check(l2, nameof(l2));
    }

    /// <summary>Coefficient of Σ|W|.</summary>
    public double L1 { get; }

    /// <summary>Coefficient of ½ΣW².</summary>
    public double L2 { get; }

    /// <summary>Whether both coefficients are zero.</summary>
    public bool IsZero => L1 == 0 && L2 == 0;

    /// <summary>The penalty for <paramref name="parameters"/>, summed in double.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="parameters">The network parameters; only the weights are read.</param>
    /// <returns>L1·Σ|W| + (L2/2)·ΣW².</returns>
    public double Value<T>(ParameterSet<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (IsZero)
        {
            return 0;
        }

        // One running pair of sums over every layer in turn (the objective's bits depend on this order).
        double abs = 0, squares = 0;
        foreach (T[] weights in parameters.Weights)
        {
            Accumulate<T>(weights, ref abs, ref squares);
        }

        return (L1 * abs) + (0.5 * L2 * squares);
    }

    /// <summary>Adds the penalty's gradient to the weight gradients and returns the penalty.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="parameters">The network parameters.</param>
    /// <param name="gradients">Gradients of the same shape; the weight arrays are accumulated into, biases untouched.</param>
    /// <returns>The penalty value, as <see cref="Value{T}"/>.</returns>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public double AddGradient<T>(ParameterSet<T> parameters, ParameterSet<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        parameters.EnsureSameShape(gradients, nameof(gradients));
        if (IsZero)
        {
            return 0;
        }

        for (int l = 0; l < parameters.LayerCount; l++)
        {
            AddGradientOf<T>(parameters.Weights[l], gradients.Weights[l]);
        }

        return Value(parameters);
    }

    /// <summary>
    /// The penalty of one whole (large) weight matrix, vectorised: Σ|w| and Σw² summed by <c>TensorPrimitives</c> in
    /// float rather than element by element in double. For the figure lazy sparse steps report once per epoch.
    /// </summary>
    internal double FastValueOf(ReadOnlySpan<float> weights)
    {
        if (IsZero || weights.IsEmpty)
        {
            return 0;
        }

        double abs = L1 == 0 ? 0 : TensorPrimitives.SumOfMagnitudes(weights);
        double squares = L2 == 0 ? 0 : TensorPrimitives.SumOfSquares(weights);
        return (L1 * abs) + (0.5 * L2 * squares);
    }

    /// <summary>The penalty of one span of weights (a layer, or a row of one), summed in double.</summary>
    internal double ValueOf<T>(ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsZero)
        {
            return 0;
        }

        double abs = 0, squares = 0;
        Accumulate(weights, ref abs, ref squares);
        return (L1 * abs) + (0.5 * L2 * squares);
    }

    // abs += Σ|w|, squares += Σw², element by element in double.
    private static void Accumulate<T>(ReadOnlySpan<T> weights, ref double abs, ref double squares)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (T t in weights)
        {
            double w = double.CreateTruncating(t);
            abs += Math.Abs(w);
            squares += w * w;
        }
    }

    /// <summary>Adds the penalty's gradient L1·sign(w) + L2·w for one span of weights (a layer, or a row of one) to <paramref name="gradient"/>.</summary>
    internal void AddGradientOf<T>(ReadOnlySpan<T> weights, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsZero)
        {
            return;
        }

        T l1 = T.CreateTruncating(L1);
        T l2 = T.CreateTruncating(L2);
        if (L1 == 0)
        {
            // g + (0·sign + L2·w) is g + L2·w exactly: the vectorised (unfused) multiply-add gives the same bits.
            TensorPrimitives.MultiplyAdd(weights, l2, gradient, gradient);
            return;
        }

        for (int i = 0; i < weights.Length; i++)
        {
            T sign = weights[i] > T.Zero ? T.One : weights[i] < T.Zero ? -T.One : T.Zero;
            gradient[i] += (l1 * sign) + (l2 * weights[i]);
        }
    }

    private static double Check(double value, string name) =>
        value >= 0 && !double.IsInfinity(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and non-negative.");
}
