using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Data;

namespace MlNetNeural.Perceptron;

/// <summary>
/// The multiclass perceptron: one weight vector per class and an arg-max prediction. On a
/// mistake the true class's weights move towards the example and the predicted class's away
/// from it, by <c>η</c> times the example weight. The label must be a key column.
/// </summary>
public sealed class PerceptronMulticlassTrainer
    : TrainerEstimatorBase<MulticlassPredictionTransformer<PerceptronMulticlassModelParameters>, PerceptronMulticlassModelParameters>
{
    private readonly Options _options;

    /// <summary>Options for <see cref="PerceptronMulticlassTrainer"/>.</summary>
    public sealed class Options : PerceptronOptionsBase
    {
    }

    internal PerceptronMulticlassTrainer(IHostEnvironment env, Options options)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(PerceptronMulticlassTrainer)),
               TrainerUtils.MakeR4VecFeature(CheckOptions(options).FeatureColumnName),
               TrainerUtils.MakeU4ScalarColumn(options.LabelColumnName),
               TrainerUtils.MakeR4ScalarWeightColumn(options.ExampleWeightColumnName))
    {
        _options = options;
    }

    private static Options CheckOptions(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>The perceptron benefits from normalized features and reads the data once, so it needs no cache.</summary>
    public override TrainerInfo Info { get; } = new(normalization: true, caching: false);

    /// <inheritdoc />
    protected override PredictionKind PredictionKind => PredictionKind.MulticlassClassification;

    /// <inheritdoc />
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema)
    {
        inputSchema.TryFindColumn(LabelColumn.Name, out var label);
        return TrainerOutputColumns.Multiclass(label);
    }

    /// <inheritdoc />
    protected override void CheckLabelCompatible(SchemaShape.Column labelCol) => TrainerOutputColumns.CheckKeyLabel(labelCol);

    /// <inheritdoc />
    protected override PerceptronMulticlassModelParameters TrainModelCore(TrainContext trainContext)
    {
        var data = TrainingDataReader.Read(Host, trainContext.TrainingSet, LabelKind.Multiclass, _options.InvalidRows);
        var random = new Random(_options.Seed ?? Host.Rand.Next());
        int n = data.FeatureCount, k = data.ClassCount;
        var weights = new float[k * n];
        var biases = new float[k];
        var weightSum = new double[k * n];
        var biasSum = new double[k];
        var scores = new float[k];
        long steps = 0;
        var errors = new List<int>(_options.NumberOfEpochs);
        var order = Enumerable.Range(0, data.Rows).ToArray();

        for (int epoch = 0; epoch < _options.NumberOfEpochs; epoch++)
        {
            Host.CheckAlive();
            if (_options.Shuffle)
                random.Shuffle(order);
            int mistakes = 0;
            foreach (int row in order)
            {
                float exampleWeight = data.WeightOf(row);
                if (exampleWeight == 0)
                    continue; // A row of weight zero is as if absent: no update and no share of the average.
                var x = data.Row(row);
                for (int c = 0; c < k; c++)
                    scores[c] = TensorPrimitives.Dot(weights.AsSpan(c * n, n), x) + biases[c];
                int predicted = TensorPrimitives.IndexOfMax(scores);
                int label = (int)data.Labels[row];
                if (predicted != label)
                {
                    float step = _options.LearningRate * exampleWeight;
                    var toward = weights.AsSpan(label * n, n);
                    var away = weights.AsSpan(predicted * n, n);
                    TensorPrimitives.MultiplyAdd(x, step, toward, toward);
                    TensorPrimitives.MultiplyAdd(x, -step, away, away);
                    biases[label] += step;
                    biases[predicted] -= step;
                    mistakes++;
                }
                if (_options.Averaged)
                {
                    for (int i = 0; i < weights.Length; i++)
                        weightSum[i] += weights[i];
                    for (int c = 0; c < k; c++)
                        biasSum[c] += biases[c];
                    steps++;
                }
            }
            errors.Add(mistakes);
        }

        if (_options.Averaged)
        {
            for (int i = 0; i < weights.Length; i++)
                weights[i] = (float)(weightSum[i] / steps);
            for (int c = 0; c < k; c++)
                biases[c] = (float)(biasSum[c] / steps);
        }
        return new PerceptronMulticlassModelParameters(Host, n, weights, biases, errors);
    }

    /// <inheritdoc />
    protected override MulticlassPredictionTransformer<PerceptronMulticlassModelParameters> MakeTransformer(PerceptronMulticlassModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name, LabelColumn.Name);
}
