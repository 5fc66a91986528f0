namespace MlNetNeural.Search;

/// <summary>An option a regularization search can vary: one axis of a <see cref="RegularizationGrid"/>.</summary>
/// <remarks>
/// The elastic net follows scikit-learn's <c>ElasticNet</c>: a strength α and a mix ρ give
/// <c>L1Regularization = α·ρ</c> and <c>L2Regularization = α·(1 − ρ)</c>, so the penalty is
/// <c>α·ρ·Σ|W| + (α·(1 − ρ)/2)·ΣW²</c>, exactly the MLP's objective.
/// </remarks>
public enum RegularizationParameter
{
    /// <summary>The MLP's <c>L2Regularization</c> (weight decay in the objective, <c>(λ/2)·ΣW²</c>); must be &gt;= 0.</summary>
    L2Regularization,

    /// <summary>The MLP's <c>L1Regularization</c> (<c>λ·Σ|W|</c>); must be &gt;= 0.</summary>
    L1Regularization,

    /// <summary>
    /// Elastic-net strength α (&gt;= 0). Without an <see cref="ElasticNetMix"/> axis the mix is taken
    /// from the template options: <c>L1 / (L1 + L2)</c>, or 0.5 when both are 0.
    /// </summary>
    ElasticNetStrength,

    /// <summary>
    /// Elastic-net mix ρ in [0, 1]: 0 is pure L2, 1 pure L1. Without an <see cref="ElasticNetStrength"/>
    /// axis the strength is the template options' <c>L1 + L2</c>.
    /// </summary>
    ElasticNetMix,

    /// <summary>The MLP's <c>DropoutRate</c> on hidden-layer outputs, in [0, 1).</summary>
    DropoutRate,
}
