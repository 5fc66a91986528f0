using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetNeural.Neural.Optimizers;

/// <summary>Adam, as <c>torch.optim.Adam</c> (without amsgrad).</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// With gradient g, parameter w, rate η, step t (1-based), decays β₁, β₂ and coupled weight decay
/// λ (weights only); moments start at zero:
/// <code>
/// d = g + λ·w
/// m = β₁·m + (1 − β₁)·d
/// v = β₂·v + (1 − β₂)·d²
/// w = w − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// The bias corrections are computed in double, as torch computes them in Python floats.
/// <see cref="AdamWOptimizer{T}"/> is this rule with the decay decoupled from the gradient.
/// Weight decay skips parameters whose <see cref="OptimizerParameter{T}.IsWeight"/> is false.
/// </remarks>
internal class AdamOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly T _epsilon;
    private readonly double _weightDecay;
    private readonly bool _decoupled;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator; finite and &gt; 0.</param>
    /// <param name="weightDecay">Coupled weight decay λ &gt;= 0 (λ·w added to the gradient), applied to weights only.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public AdamOptimizer(
        double beta1 = OptimizerSettings.Defaults.Beta1,
        double beta2 = OptimizerSettings.Defaults.Beta2,
        double epsilon = OptimizerSettings.Defaults.Epsilon,
        double weightDecay = OptimizerSettings.Defaults.WeightDecay)
        : this(beta1, beta2, epsilon, weightDecay, decoupled: false)
    {
    }

    /// <summary>Creates the optimizer with the weight decay either coupled (Adam) or decoupled (AdamW).</summary>
    private protected AdamOptimizer(double beta1, double beta2, double epsilon, double weightDecay, bool decoupled)
        : base(2)
    {
        OptionChecks.Fraction(beta1, nameof(beta1));
        OptionChecks.Fraction(beta2, nameof(beta2));
        OptionChecks.Positive(epsilon, nameof(epsilon));
        OptionChecks.NonNegative(weightDecay, nameof(weightDecay));
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = FromDouble(epsilon);
        _weightDecay = weightDecay;
        _decoupled = decoupled;
    }

    // (1 − β₁ᵗ, √(1 − β₂ᵗ)) for the current step, computed once per step: a lazy sparse step calls Update once per
    // active row, thousands of times a step, from several threads (PrepareStep computes them before the rows).
    private (double Correction1, T Correction2Root) BiasCorrections()
    {
        if (_correctedStep != StepCount)
        {
            PrepareStep();
        }

        return (_correction1, _correction2Root);
    }

    private protected override void PrepareStep()
    {
        _correction1 = 1 - Math.Pow(_beta1, StepCount);
        _correction2Root = FromDouble(Math.Sqrt(1 - Math.Pow(_beta2, StepCount)));
        _correctedStep = StepCount;
    }

    private long _correctedStep = -1;
    private double _correction1;
    private T _correction2Root;

    private protected override void Update(Span<T> w, ReadOnlySpan<T> g, ParameterState<T> state, int start, T learningRate, bool isWeight)
    {
        int length = w.Length;
        Span<T> m = state.Buffer(0, start, length);
        Span<T> v = state.Buffer(1, start, length);
        double rate = double.CreateChecked(learningRate);
        double lambda = isWeight ? _weightDecay : 0;

        // Scalars in double, converted once: torch computes them in Python floats.
        T oneMinusBeta1 = FromDouble(1 - _beta1);
        var (correction1, correction2Root) = BiasCorrections();
        var step = new StepScalars(
            Shrink: FromDouble(1 - rate * lambda),
            CoupledDecay: _decoupled ? T.Zero : FromDouble(lambda),
            OneMinusBeta1: oneMinusBeta1,
            LerpTail: T.One - oneMinusBeta1,
            Beta2: FromDouble(_beta2),
            OneMinusBeta2: FromDouble(1 - _beta2),
            StepSize: FromDouble(rate / correction1),
            Correction2Root: correction2Root,
            Epsilon: _epsilon,
            ShrinkFirst: _decoupled && lambda != 0,
            FirstHalf: oneMinusBeta1 < T.CreateChecked(0.5)); // which of torch.lerp's two forms (see Lerp)

        // One pass per element keeps torch's operation order and touches memory once. The vector body
        // does the scalar operations lane by lane (nothing fused), so it gives the scalar loop's bits.
        int i = Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported ? UpdateVectors(w, g, m, v, step) : 0;
        for (; i < w.Length; i++)
        {
            if (step.ShrinkFirst)
            {
                w[i] *= step.Shrink;
            }

            T d = step.CoupledDecay == T.Zero ? g[i] : g[i] + step.CoupledDecay * w[i];
            m[i] = Lerp(m[i], d, step.OneMinusBeta1); // torch's exp_avg.lerp_(grad, 1 − β₁)
            v[i] = step.Beta2 * v[i] + step.OneMinusBeta2 * (d * d);
            T denominator = T.Sqrt(v[i]) / step.Correction2Root + step.Epsilon;
            w[i] -= step.StepSize * (m[i] / denominator);
        }
    }

    /// <summary>One step's scalars, the same for every element of a parameter array.</summary>
    private readonly record struct StepScalars(T Shrink, T CoupledDecay, T OneMinusBeta1, T LerpTail, T Beta2, T OneMinusBeta2, T StepSize,
        T Correction2Root, T Epsilon, bool ShrinkFirst, bool FirstHalf);

    // The whole vectors of the step; returns where the scalar tail starts.
    private static int UpdateVectors(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, in StepScalars step)
    {
        var vShrink = Vector256.Create(step.Shrink);
        var vDecay = Vector256.Create(step.CoupledDecay);
        var vWeight = Vector256.Create(step.OneMinusBeta1);
        var vTail = Vector256.Create(step.LerpTail);
        var vBeta2 = Vector256.Create(step.Beta2);
        var vOneMinusBeta2 = Vector256.Create(step.OneMinusBeta2);
        var vStep = Vector256.Create(step.StepSize);
        var vRoot = Vector256.Create(step.Correction2Root);
        var vEpsilon = Vector256.Create(step.Epsilon);
        bool shrinkFirst = step.ShrinkFirst, firstHalf = step.FirstHalf, coupled = step.CoupledDecay != T.Zero;
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T gr = ref MemoryMarshal.GetReference(g);
        ref T mr = ref MemoryMarshal.GetReference(m);
        ref T vr = ref MemoryMarshal.GetReference(v);
        int i = 0;
        for (; i <= w.Length - Vector256<T>.Count; i += Vector256<T>.Count)
        {
            nuint at = (nuint)i;
            var wv = Vector256.LoadUnsafe(ref wr, at);
            if (shrinkFirst)
            {
                wv *= vShrink;
            }

            var gv = Vector256.LoadUnsafe(ref gr, at);
            var d = coupled ? gv + (vDecay * wv) : gv;
            var mv = Vector256.LoadUnsafe(ref mr, at);
            mv = firstHalf ? mv + (vWeight * (d - mv)) : d - ((d - mv) * vTail);
            var vv = (vBeta2 * Vector256.LoadUnsafe(ref vr, at)) + (vOneMinusBeta2 * (d * d));
            var denominator = (Vector256.Sqrt(vv) / vRoot) + vEpsilon;
            wv -= vStep * (mv / denominator);
            mv.StoreUnsafe(ref mr, at);
            vv.StoreUnsafe(ref vr, at);
            wv.StoreUnsafe(ref wr, at);
        }
        return i;
    }
}
