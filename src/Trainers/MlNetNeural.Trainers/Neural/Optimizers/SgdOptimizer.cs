using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace MlNetNeural.Neural.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum and Nesterov momentum, as <c>torch.optim.SGD</c>
/// with dampening 0.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// With gradient g, parameter w, rate η, momentum μ and weight decay λ (weights only):
/// <code>
/// d = g + λ·w
/// b = d                  (first step)
/// b = μ·b + d            (later steps)
/// d = d + μ·b  if Nesterov, else d = b      (only when μ &gt; 0)
/// w = w − η·d
/// </code>
/// Plain SGD is μ = 0 and keeps no state. This is the same trajectory as the textbook's
/// <c>v = μv + η∇L; w = w − v</c> while η is constant.
/// Unlike torch's default parameter group, weight decay skips parameters whose
/// <see cref="OptimizerParameter{T}.IsWeight"/> is false (biases).
/// </remarks>
internal sealed class SgdOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _momentum;
    private readonly T _weightDecay;
    private readonly bool _nesterov;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="momentum">Momentum μ in [0, 1); 0 is plain SGD. Must be &gt; 0 when <paramref name="nesterov"/> is set.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum.</param>
    /// <param name="weightDecay">Coupled weight decay λ &gt;= 0, applied to weights only.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public SgdOptimizer(double momentum = 0, bool nesterov = false, double weightDecay = OptimizerSettings.Defaults.WeightDecay)
        : base(momentum > 0 ? 1 : 0)
    {
        if (nesterov)
        {
            OptionChecks.OpenFraction(momentum, nameof(momentum));
        }
        else
        {
            OptionChecks.Fraction(momentum, nameof(momentum));
        }

        OptionChecks.NonNegative(weightDecay, nameof(weightDecay));
        _momentum = FromDouble(momentum);
        _nesterov = nesterov;
        _weightDecay = FromDouble(weightDecay);
    }

    private protected override void Update(Span<T> w, ReadOnlySpan<T> g, ParameterState<T> state, int start, T learningRate, bool isWeight)
    {
        int length = w.Length;
        T decay = isWeight ? _weightDecay : T.Zero;
        if (_momentum == T.Zero && decay == T.Zero)
        {
            // The common plain case is one vectorised pass: w = g·(−η) + w.
            TensorPrimitives.MultiplyAdd(g, -learningRate, w, w);
            return;
        }

        if (_momentum == T.Zero)
        {
            for (int i = 0; i < w.Length; i++)
            {
                w[i] -= learningRate * (g[i] + decay * w[i]);
            }

            return;
        }

        // One scalar pass per element keeps torch's operation order and touches memory once.
        // torch sets b = d on the first step; the buffer starts at zero, so μ·0 + d is that same value.
        Span<T> b = state.Buffer(0, start, length);
        for (int i = 0; i < w.Length; i++)
        {
            T d = decay == T.Zero ? g[i] : g[i] + decay * w[i];
            b[i] = _momentum * b[i] + d;
            d = _nesterov ? d + _momentum * b[i] : b[i];
            w[i] -= learningRate * d;
        }
    }
}
