namespace MlNetNeural.Neural.Optimizers;

/// <summary>
/// The hyper-parameters of every optimizer in one place; each optimizer reads the ones it uses.
/// Defaults are <c>torch.optim</c>'s, except where noted, and are written once, in <see cref="Defaults"/>.
/// </summary>
public sealed record class OptimizerSettings
{
    /// <summary>Momentum μ of <see cref="OptimizerKind.Momentum"/> and <see cref="OptimizerKind.Nesterov"/>, in [0, 1); <see cref="OptimizerKind.Sgd"/> ignores it (plain SGD is momentum 0).</summary>
    public double Momentum { get; init; } = Defaults.Momentum;

    /// <summary>Adam's and AdamW's decay of the first-moment estimate, β₁, in [0, 1).</summary>
    public double Beta1 { get; init; } = Defaults.Beta1;

    /// <summary>Adam's and AdamW's decay of the second-moment estimate, β₂, in [0, 1).</summary>
    public double Beta2 { get; init; } = Defaults.Beta2;

    /// <summary>The ε added to the denominator by RMSprop, Adam and AdamW, finite and &gt; 0.</summary>
    public double Epsilon { get; init; } = Defaults.Epsilon;

    /// <summary>RMSprop's decay of the squared-gradient average (torch's <c>alpha</c>, Keras' <c>rho</c>), in [0, 1).</summary>
    public double Rho { get; init; } = Defaults.Rho;

    /// <summary>RMSprop's momentum, in [0, 1); 0 turns it off.</summary>
    public double RmsPropMomentum { get; init; } = Defaults.RmsPropMomentum;

    /// <summary>Whether RMSprop divides by the centred (variance) estimate instead of the raw second moment.</summary>
    public bool RmsPropCentered { get; init; } = Defaults.RmsPropCentered;

    /// <summary>
    /// Coupled weight decay λ (λ·w added to the gradient) used by SGD, momentum, Nesterov, RMSprop
    /// and Adam, finite and &gt;= 0. Default 0 because the trainers' L2 penalty lives in the loss.
    /// </summary>
    public double WeightDecay { get; init; } = Defaults.WeightDecay;

    /// <summary>AdamW's decoupled weight decay λ (<c>w ← w − lr·λ·w</c>), finite and &gt;= 0.</summary>
    public double DecoupledWeightDecay { get; init; } = Defaults.DecoupledWeightDecay;

    /// <summary>Checks every setting; the exception names the setting and its valid range.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">A setting is outside its range.</exception>
    public void Validate()
    {
        OptionChecks.Fraction(Momentum, nameof(Momentum));
        OptionChecks.Fraction(Beta1, nameof(Beta1));
        OptionChecks.Fraction(Beta2, nameof(Beta2));
        OptionChecks.Positive(Epsilon, nameof(Epsilon));
        OptionChecks.Fraction(Rho, nameof(Rho));
        OptionChecks.Fraction(RmsPropMomentum, nameof(RmsPropMomentum));
        OptionChecks.NonNegative(WeightDecay, nameof(WeightDecay));
        OptionChecks.NonNegative(DecoupledWeightDecay, nameof(DecoupledWeightDecay));
    }

    /// <summary>The default of every optimizer setting, shared by <see cref="OptimizerSettings"/> and the optimizers' constructors.</summary>
    public static class Defaults
    {
        /// <summary>Default <see cref="OptimizerSettings.Momentum"/>: 0.9 (torch has no default; 0.9 is the customary value).</summary>
        public const double Momentum = 0.9;

        /// <summary>Default <see cref="OptimizerSettings.Beta1"/>: 0.9, as torch.</summary>
        public const double Beta1 = 0.9;

        /// <summary>Default <see cref="OptimizerSettings.Beta2"/>: 0.999, as torch.</summary>
        public const double Beta2 = 0.999;

        /// <summary>Default <see cref="OptimizerSettings.Epsilon"/>: 1e-8, as torch's RMSprop and Adam.</summary>
        public const double Epsilon = 1e-8;

        /// <summary>Default <see cref="OptimizerSettings.Rho"/>: 0.99, as torch's RMSprop <c>alpha</c>.</summary>
        public const double Rho = 0.99;

        /// <summary>Default <see cref="OptimizerSettings.RmsPropMomentum"/>: 0, as torch.</summary>
        public const double RmsPropMomentum = 0;

        /// <summary>Default <see cref="OptimizerSettings.RmsPropCentered"/>: false, as torch.</summary>
        public const bool RmsPropCentered = false;

        /// <summary>Default <see cref="OptimizerSettings.WeightDecay"/>: 0, as torch.</summary>
        public const double WeightDecay = 0;

        /// <summary>Default <see cref="OptimizerSettings.DecoupledWeightDecay"/>: 0.01, as torch's AdamW.</summary>
        public const double DecoupledWeightDecay = 0.01;
    }
}
