using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MlNetNeural.Data;
using MlNetNeural.Persistence;

namespace MlNetNeural.Perceptron;

/// <summary>
/// The online loop both perceptrons share: epochs over (optionally shuffled) rows, an update on every
/// mistake, the per-epoch error count and the optional averaging of the weights over every step.
/// The derived trainer says what a mistake is and how it updates; its parameters are one flat array.
/// </summary>
/// <typeparam name="TTransformer">The prediction transformer the trainer produces.</typeparam>
/// <typeparam name="TModel">The model parameters the trainer produces.</typeparam>
public abstract class PerceptronTrainerBase<TTransformer, TModel> : TrainerEstimatorBase<TTransformer, TModel>
    where TTransformer : ISingleFeaturePredictionTransformer<TModel>
    where TModel : class
{
    private readonly PerceptronOptionsBase _options;

    private protected PerceptronTrainerBase(IHostEnvironment env, string name, PerceptronOptionsBase options, SchemaShape.Column label)
        : base(Contracts.CheckRef(env, nameof(env)).Register(name),
               TrainerUtils.MakeR4VecFeature(options.FeatureColumnName),
               label,
               TrainerUtils.MakeR4ScalarWeightColumn(options.ExampleWeightColumnName))
    {
        _options = options;
    }

    /// <summary>Validates options before the base constructor runs, so no estimator exists with bad options.</summary>
    private protected static T Checked<T>(T options) where T : PerceptronOptionsBase
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>The perceptron benefits from normalized features and reads the data once, so it needs no cache.</summary>
    public override TrainerInfo Info { get; } = new(normalization: true, caching: false);

    private protected abstract LabelKind LabelKind { get; }

    /// <summary>Length of the flat parameter array for this data.</summary>
    private protected abstract int ParameterCount(TrainingMatrix data);

    /// <summary>
    /// Scores one example and, if it is misclassified, applies the update scaled by
    /// <paramref name="rate"/> (learning rate times example weight). Returns whether it was a mistake.
    /// </summary>
    private protected abstract bool Learn(PerceptronWeights parameters, in PerceptronRow features, int label, float rate);

    private protected abstract TModel CreateModel(TrainingMatrix data, float[] parameters, IReadOnlyList<int> misclassificationsPerEpoch);

    /// <summary>
    /// Refuses weights a saved model could not score without overflow (the loader's own bound), so
    /// training never returns a model that fails to load back.
    /// </summary>
    private protected void EnsureScorable(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, int fanIn)
    {
        if (!(OverflowGuard.LayerBound(weights, biases, fanIn, OverflowGuard.InputBound) <= float.MaxValue))
        {
            throw new InvalidOperationException(
                $"Perceptron training diverged: the weights grew so large that scores would overflow float32. " +
                $"Lower option LearningRate (now {_options.LearningRate}) or normalize the features.");
        }
    }

    /// <inheritdoc />
    protected sealed override TModel TrainModelCore(TrainContext trainContext)
    {
        var data = TrainingDataReader.Read(Host, trainContext.TrainingSet, LabelKind, _options.InvalidRows, _options.FeatureStorage);
        var random = new Random(_options.Seed ?? Host.Rand.Next());
        var parameters = new PerceptronWeights(ParameterCount(data), data.FeatureCount, _options.Averaged, lazy: data.Features.IsSparse);
        var errors = new List<int>(_options.NumberOfEpochs);
        var order = Enumerable.Range(0, data.Rows).ToArray();

        for (int epoch = 0; epoch < _options.NumberOfEpochs; epoch++)
        {
            Host.CheckAlive();
            _options.CancellationToken.ThrowIfCancellationRequested();
            if (_options.Shuffle)
                random.Shuffle(order);
            int mistakes = 0, examples = 0;
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach (int row in order)
            {
                float exampleWeight = data.WeightOf(row);
                if (exampleWeight == 0)
                    continue; // A row of weight zero is as if absent: no update and no share of the average.
                examples++;
                if (Learn(parameters, PerceptronRow.Of(data.Features, row), (int)data.Labels[row], _options.LearningRate * exampleWeight))
                    mistakes++;
                parameters.EndStep();
            }
            errors.Add(mistakes);
            var record = new PerceptronEpochRecord(epoch, mistakes, examples, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            if (_options.EpochCallback is { } callback && !callback(record))
                break;
        }

        return CreateModel(data, parameters.Result(), errors);
    }
}
