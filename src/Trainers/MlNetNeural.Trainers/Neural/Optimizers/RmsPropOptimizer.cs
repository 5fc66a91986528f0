using System;
using System.Numerics;

namespace MlNetNeural.Neural.Optimizers;

/// <summary>RMSprop, as <c>torch.optim.RMSprop</c>.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// With gradient g, parameter w, rate η, decay ρ (torch's <c>alpha</c>), momentum μ and weight
/// decay λ (weights only); all state starts at zero:
/// <code>
/// d = g + λ·w
/// v = ρ·v + (1 − ρ)·d²
/// a = ρ·a + (1 − ρ)·d ;  s = v − a²      (centred)      else s = v
/// b = μ·b + d / (√s + ε) ;  w = w − η·b  (μ &gt; 0)
/// w = w − η·d / (√s + ε)                (μ = 0)
/// </code>
/// Weight decay skips parameters whose <see cref="OptimizerParameter{T}.IsWeight"/> is false.
/// </remarks>
internal sealed class RmsPropOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _rho;
    private readonly T _epsilon;
    private readonly T _momentum;
    private readonly bool _centered;
    private readonly T _weightDecay;
    private readonly int _momentumBuffer;
    private readonly int _averageBuffer;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="rho">Decay of the squared-gradient average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator; finite and &gt; 0.</param>
    /// <param name="momentum">Momentum in [0, 1); 0 turns it off.</param>
    /// <param name="centered">Whether to divide by the centred estimate (an estimate of the gradient's variance).</param>
    /// <param name="weightDecay">Coupled weight decay λ &gt;= 0, applied to weights only.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public RmsPropOptimizer(
        double rho = OptimizerSettings.Defaults.Rho,
        double epsilon = OptimizerSettings.Defaults.Epsilon,
        double momentum = OptimizerSettings.Defaults.RmsPropMomentum,
        bool centered = OptimizerSettings.Defaults.RmsPropCentered,
        double weightDecay = OptimizerSettings.Defaults.WeightDecay)
        : base(1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0))
    {
        OptionChecks.Fraction(rho, nameof(rho));
        OptionChecks.Positive(epsilon, nameof(epsilon));
        OptionChecks.Fraction(momentum, nameof(momentum));
        OptionChecks.NonNegative(weightDecay, nameof(weightDecay));
        _rho = FromDouble(rho);
        _epsilon = FromDouble(epsilon);
        _momentum = FromDouble(momentum);
        _centered = centered;
        _weightDecay = FromDouble(weightDecay);

        // State layout: [0] squared average, then the momentum buffer and the gradient average if used.
        _momentumBuffer = momentum > 0 ? 1 : -1;
        _averageBuffer = centered ? (momentum > 0 ? 2 : 1) : -1;
    }

    private protected override void Update(Span<T> w, ReadOnlySpan<T> g, ParameterState<T> state, int start, T learningRate, bool isWeight)
    {
        int length = w.Length;
        Span<T> v = state.Buffer(0, start, length);
        Span<T> b = _momentumBuffer > 0 ? state.Buffer(_momentumBuffer, start, length) : default;
        Span<T> a = _averageBuffer > 0 ? state.Buffer(_averageBuffer, start, length) : default;
        T decay = isWeight ? _weightDecay : T.Zero;
        T keep = T.One - _rho;

        // One scalar pass per element keeps torch's operation order and touches memory once.
        for (int i = 0; i < w.Length; i++)
        {
            T d = decay == T.Zero ? g[i] : g[i] + decay * w[i];
            v[i] = _rho * v[i] + keep * (d * d);
            T s = v[i];
            if (_centered)
            {
                a[i] = Lerp(a[i], d, keep);
                s -= a[i] * a[i];
            }

            T denominator = T.Sqrt(s) + _epsilon;
            if (_momentumBuffer > 0)
            {
                b[i] = _momentum * b[i] + d / denominator;
                w[i] -= learningRate * b[i];
            }
            else
            {
                w[i] -= learningRate * (d / denominator);
            }
        }
    }
}
