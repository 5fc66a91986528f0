namespace MlNetNeural;

/// <summary>How an MLP trainer scales dense features before the first layer (the scaling is fitted on the training rows and saved with the model).</summary>
public enum InputScaling
{
    /// <summary>The features reach the network as given (scale them in the pipeline, for example with <c>NormalizeMeanVariance</c>).</summary>
    None = 0,

    /// <summary>
    /// Robust scaling then smooth clipping, as RealMLP does: each feature is centred on its training median and divided by its
    /// interquartile range (half its range when that is 0; a constant feature becomes 0), then mapped by z / √(1 + (z/3)²),
    /// which leaves typical values almost unchanged and bounds outliers by ±3. Needed for
    /// <see cref="Mlp.MlpOptionsBase.PeriodicFeatures"/>. Sparse features keep their zeros: each column is only multiplied by
    /// 2 / its range and clipped (a one-hot column becomes 0 / 1.66 whatever was done to it upstream), with no periodic features.
    /// </summary>
    Robust = 1,
}
