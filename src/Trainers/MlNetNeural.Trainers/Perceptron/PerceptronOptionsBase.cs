namespace MlNetNeural.Perceptron;

/// <summary>Options shared by the binary and multiclass perceptron trainers.</summary>
public abstract class PerceptronOptionsBase : TrainerOptionsBase
{
    /// <summary>Every default, written once; the catalog overloads use the same values.</summary>
    public static class Defaults
    {
        /// <summary>Default <see cref="LearningRate"/>. With zero initial weights the rate only scales the weights, so 1 is the textbook's choice.</summary>
        public const float LearningRate = 1f;

        /// <summary>Default <see cref="NumberOfEpochs"/>.</summary>
        public const int NumberOfEpochs = 10;

        /// <summary>Default <see cref="Shuffle"/>.</summary>
        public const bool Shuffle = true;

        /// <summary>Default <see cref="Averaged"/>: averaging generalizes markedly better on data that is not separable.</summary>
        public const bool Averaged = true;
    }

    /// <summary>The step size η of Rosenblatt's rule <c>w ← w + η·(y − ŷ)·x</c>. Must be &gt; 0.</summary>
    public float LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Number of passes over the training data. Must be &gt;= 1.</summary>
    public int NumberOfEpochs { get; set; } = Defaults.NumberOfEpochs;

    /// <summary>Whether to visit the examples in a new random order each epoch.</summary>
    public bool Shuffle { get; set; } = Defaults.Shuffle;

    /// <summary>
    /// Whether the model keeps the average of the weights over every step (the averaged perceptron)
    /// instead of the last weights (Rosenblatt's original).
    /// </summary>
    public bool Averaged { get; set; } = Defaults.Averaged;

    /// <summary>
    /// Called after every epoch with its record (for progress reporting); return <c>false</c> to stop
    /// training after that epoch. The model then holds the epochs run so far.
    /// </summary>
    public Func<PerceptronEpochRecord, bool>? EpochCallback { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
        OptionChecks.AtLeast(NumberOfEpochs, 1, nameof(NumberOfEpochs));
    }
}
