namespace MlNetNeural;

/// <summary>How a trainer holds the training features in memory.</summary>
public enum FeatureStorage
{
    /// <summary>
    /// Sparse (compressed rows of non-zeros) when at most <see cref="FeatureStorageDefaults.SparseDensityThreshold"/> of the slots of the
    /// first 1,024 rows are non-zero — as after <c>FeaturizeText</c> or <c>OneHotEncoding</c> — dense otherwise.
    /// </summary>
    Auto = 0,

    /// <summary>Always sparse: memory and time per row follow the non-zeros, never the slot count.</summary>
    Sparse = 1,

    /// <summary>Always dense row-major float32, whatever the density (each row costs every slot).</summary>
    Dense = 2,
}

/// <summary>The density rule of <see cref="FeatureStorage.Auto"/>.</summary>
public static class FeatureStorageDefaults
{
    /// <summary>
    /// Rows at most this dense (non-zeros ÷ slots) are kept sparse: below it the sparse first layer does
    /// less work per row than the dense matrix product, which runs about four to eight times more
    /// floating-point operations per second, and compressed rows take less memory.
    /// </summary>
    public const double SparseDensityThreshold = 0.1;

    /// <summary>Rows read before <see cref="FeatureStorage.Auto"/> decides.</summary>
    public const int ProbeRows = 1024;
}
