namespace MlNetNeural.Mlp;

/// <summary>A named set of MLP option values; pass one to an options constructor, then change any option as usual.</summary>
public enum MlpPreset
{
    /// <summary>
    /// The defaults, chosen on the quality benchmark (<c>tests/MlNetNeural.Benchmarks -- quality</c>: real tabular data against
    /// ML.NET's tree and linear trainers): two layers of 256 ReLU units, robust scaling with smooth clipping, 16 periodic
    /// features per numeric column, dropout 0.15, Adam at 1e-3 on a cosine schedule over 60 epochs in batches of 128, L2 1e-4,
    /// and the best epoch on a 10 % validation holdout. See <see cref="MlpOptionsBase.Defaults"/>.
    /// </summary>
    Tabular = 0,

    /// <summary>
    /// scikit-learn's <c>MLPClassifier</c>/<c>MLPRegressor</c>-like values, the defaults before the tabular recipe: one hidden
    /// layer of 100 ReLU units, Adam at 1e-3 with a constant rate, batches of 32, up to 200 epochs stopped by the training-loss
    /// rule (no validation holdout), L2 1e-4 (1e-2 for regression), no dropout, features used as given. See <see cref="MlpOptionsBase.ClassicDefaults"/>.
    /// </summary>
    Classic = 1,
}
