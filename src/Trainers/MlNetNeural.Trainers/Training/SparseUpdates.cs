namespace MlNetNeural;

/// <summary>How the optimizer updates the first layer when the features are sparse.</summary>
public enum SparseUpdates
{
    /// <summary>
    /// Each step updates only the first-layer weights of the input columns present in the batch, with their
    /// optimizer state — TensorFlow's LazyAdam and PyTorch's <c>SparseAdam</c>. A step costs the batch's non-zeros,
    /// not the slot count. It differs from the dense rule where a weight's update does not vanish with its
    /// gradient: momentum and Adam's moments keep moving a weight after its column's last batch in the dense rule
    /// but not here, and the L1/L2 penalty's gradient and weight decay act on a weight only in the steps that
    /// update it. With plain SGD (no momentum, no penalty, no decay) the two rules are the same, up to float rounding:
    /// a lazy fit holds the first layer's rows most frequent column first, so a row's non-zeros are summed in that order.
    /// </summary>
    Lazy = 0,

    /// <summary>
    /// Every step updates every weight, exactly as on the dense form of the data (the same model bit for bit),
    /// while the forward pass and the gradient still cost only the non-zeros; each step costs all first-layer weights.
    /// </summary>
    Exact = 1,
}
