using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Data;

namespace MlNetNeural.Perceptron;

/// <summary>
/// Rosenblatt's perceptron for binary classification: a step activation on <c>w·x + b</c>, and
/// <c>w ← w + η·(y − ŷ)·x</c> (scaled by the example weight) on every misclassified example.
/// Outputs <c>Score</c> and <c>PredictedLabel</c> like ML.NET's averaged perceptron; evaluate with
/// <c>EvaluateNonCalibrated</c>.
/// </summary>
public sealed class PerceptronBinaryTrainer
    : TrainerEstimatorBase<BinaryPredictionTransformer<PerceptronBinaryModelParameters>, PerceptronBinaryModelParameters>
{
    private readonly Options _options;

    /// <summary>Options for <see cref="PerceptronBinaryTrainer"/>.</summary>
    public sealed class Options : PerceptronOptionsBase
    {
    }

    internal PerceptronBinaryTrainer(IHostEnvironment env, Options options)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(PerceptronBinaryTrainer)),
               TrainerUtils.MakeR4VecFeature(CheckOptions(options).FeatureColumnName),
               TrainerUtils.MakeBoolScalarLabel(options.LabelColumnName),
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
    protected override PredictionKind PredictionKind => PredictionKind.BinaryClassification;

    /// <inheritdoc />
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema) => TrainerOutputColumns.BinaryWithoutProbability();

    /// <inheritdoc />
    protected override void CheckLabelCompatible(SchemaShape.Column labelCol) => TrainerOutputColumns.CheckBinaryLabel(labelCol);

    /// <inheritdoc />
    protected override PerceptronBinaryModelParameters TrainModelCore(TrainContext trainContext)
    {
        var data = TrainingDataReader.Read(Host, trainContext.TrainingSet, LabelKind.Binary, _options.InvalidRows);
        var random = new Random(_options.Seed ?? Host.Rand.Next());
        int n = data.FeatureCount;
        var weights = new float[n];
        float bias = 0;
        var weightSum = new double[n];
        double biasSum = 0;
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
                float predicted = TensorPrimitives.Dot(weights, x) + bias > 0 ? 1 : 0;
                float label = data.Labels[row];
                if (predicted != label)
                {
                    float step = _options.LearningRate * exampleWeight * (label - predicted);
                    TensorPrimitives.MultiplyAdd(x, step, weights, weights);
                    bias += step;
                    mistakes++;
                }
                if (_options.Averaged)
                {
                    for (int i = 0; i < n; i++)
                        weightSum[i] += weights[i];
                    biasSum += bias;
                    steps++;
                }
            }
            errors.Add(mistakes);
        }

        if (_options.Averaged)
        {
            for (int i = 0; i < n; i++)
                weights[i] = (float)(weightSum[i] / steps);
            bias = (float)(biasSum / steps);
        }
        return new PerceptronBinaryModelParameters(Host, weights, bias, errors);
    }

    /// <inheritdoc />
    protected override BinaryPredictionTransformer<PerceptronBinaryModelParameters> MakeTransformer(PerceptronBinaryModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);
}
