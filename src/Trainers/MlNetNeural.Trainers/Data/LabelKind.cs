namespace MlNetNeural.Data;

/// <summary>How a trainer interprets its label column.</summary>
internal enum LabelKind
{
    /// <summary>Boolean, or a number where a value &gt; 0 means true (ML.NET's convention).</summary>
    Binary,

    /// <summary>A key column: key value <c>k</c> (1-based) is class <c>k − 1</c>.</summary>
    Multiclass,

    /// <summary>A real number.</summary>
    Regression,
}
