namespace MlNetNeural.Cli;

/// <summary>What the label is: the three ML.NET tasks the trainers cover.</summary>
internal enum TaskKind
{
    /// <summary>A true/false label (true/false, 1/0, yes/no); Boolean in the loaded data.</summary>
    Binary,

    /// <summary>Any label text; mapped to a key for training and back to the text in predictions.</summary>
    Multiclass,

    /// <summary>A numeric label.</summary>
    Regression,
}
