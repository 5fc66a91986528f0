namespace MlNetNeural;

/// <summary>What a trainer does with a training row whose features, label or weight are missing or not finite.</summary>
public enum InvalidRowHandling
{
    /// <summary>Skip the row and report how many were skipped as a warning through <c>MLContext.Log</c>.</summary>
    Skip = 0,

    /// <summary>Throw at the first such row, naming the row and the column.</summary>
    Throw = 1,
}
