using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetNeural.Search;

/// <summary>
/// Cross-validates regularization strength: k-fold cross-validation over a grid of settings with
/// ML.NET's own fold split or a stratified one, in parallel, with a refit on all the data; and learning curves.
/// </summary>
/// <remarks>
/// Folds come from <c>MLContext.Data.CrossValidationSplit</c> with the options' seed and sampling
/// key, so they are exactly the folds <c>MLContext.*.CrossValidate</c> would use; those are not stratified
/// by label. With <see cref="RegularizationSearchOptions.StratifyByLabel"/> they come from
/// <see cref="StratifiedSplit.CrossValidationSplit"/> instead, with the same seed. Every fit gets a
/// fixed seed and writes to a fixed slot, so results are identical whatever the degree of parallelism.
/// The data view is read once per fit; pass a cached or in-memory view for speed.
/// </remarks>
public static class RegularizationSearch
{
    /// <summary>Runs the search.</summary>
    /// <typeparam name="TMetrics">The task's metrics type.</typeparam>
    /// <param name="mlContext">
    /// The context. Cancelling its execution (<c>MLContext.CancelExecution</c>, internal in ML.NET 5.0.1) also
    /// cancels the search; <paramref name="cancellationToken"/> is the public way.
    /// </param>
    /// <param name="data">All the data: cross-validated, then refitted on.</param>
    /// <param name="preprocessing">The pipeline before the trainer (fitted on each training fold), or <c>null</c>.</param>
    /// <param name="makeTrainer">
    /// Makes the trainer for one fit from a setting; typically
    /// <c>s =&gt; ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(options))</c>, which also applies the fit's seed and cancellation.
    /// </param>
    /// <param name="grid">The settings to try.</param>
    /// <param name="metric">The metric to compare settings by, e.g. <see cref="SearchMetrics.BinaryAccuracy"/>.</param>
    /// <param name="options">How to cross-validate; <c>null</c> for the defaults (5 folds, seed 0, best mean, refit).</param>
    /// <param name="progress">Receives a report as each fit completes, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the search; training stops at the next epoch of an MLP fit made through <see cref="RegularizationSetting.ApplyTo{TOptions}"/>, otherwise between fits.</param>
    /// <exception cref="OperationCanceledException">The search was cancelled through the token or the context.</exception>
    public static RegularizationSearchResult Run<TMetrics>(MLContext mlContext, IDataView data, IEstimator<ITransformer>? preprocessing,
        Func<RegularizationSetting, IEstimator<ITransformer>> makeTrainer, RegularizationGrid grid, SearchMetric<TMetrics> metric,
        RegularizationSearchOptions? options = null, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
        where TMetrics : class
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(makeTrainer);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(metric);
        options ??= new RegularizationSearchOptions();
        options.Validate();

        var folds = Split(mlContext, data, options);
        var settings = grid.Settings;
        int k = folds.Count, jobs = settings.Count * k;
        int total = jobs + (options.Refit ? 1 : 0);
        var validation = new double[jobs];
        var training = new double[jobs];
        var counter = new ProgressCounter(total, progress);

        Parallel(mlContext, jobs, options, job =>
        {
            var setting = settings[job / k].ForFit(FoldSeed(options, job % k), cancellationToken);
            var fold = folds[job % k];
            var model = Pipeline(preprocessing, makeTrainer(setting)).Fit(fold.TrainSet);
            validation[job] = Score(mlContext, model, fold.TestSet, metric, options);
            if (options.ScoreTrainingFolds)
                training[job] = Score(mlContext, model, fold.TrainSet, metric, options);
            counter.Completed($"{setting}, fold {job % k + 1}", validation[job]);
        }, cancellationToken);

        var scores = settings.Select((s, i) => new SettingScore(s,
            new ScoreSummary(validation.Skip(i * k).Take(k)),
            options.ScoreTrainingFolds ? new ScoreSummary(training.Skip(i * k).Take(k)) : null)).ToArray();
        var result = new RegularizationSearchResult(grid, metric.Name, metric.HigherIsBetter, k, scores, options.UseOneStandardErrorRule, null);
        if (!options.Refit)
            return result;

        ThrowIfCanceled(mlContext, cancellationToken);
        var refitSetting = result.Selected.Setting.ForFit(options.Seed, cancellationToken);
        var final = Pipeline(preprocessing, makeTrainer(refitSetting)).Fit(data);
        counter.Completed($"refit with {result.Selected.Setting}", double.NaN);
        return new RegularizationSearchResult(grid, metric.Name, metric.HigherIsBetter, k, scores, options.UseOneStandardErrorRule, final);
    }

    /// <summary>
    /// Computes a learning curve: for each fraction, each fold's training rows are shuffled (seeded)
    /// and the first <c>round(fraction · n)</c> rows train a model, scored on those rows and on the held-out fold.
    /// </summary>
    /// <typeparam name="TMetrics">The task's metrics type.</typeparam>
    /// <param name="mlContext">The context; cancelling its execution (internal in ML.NET 5.0.1) also cancels the run.</param>
    /// <param name="data">All the data.</param>
    /// <param name="preprocessing">The pipeline before the trainer, or <c>null</c>.</param>
    /// <param name="makeTrainer">Makes the trainer for one fit, as in <see cref="Run{TMetrics}"/>.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="fractions">Training-set fractions in (0, 1], e.g. 0.1, 0.325, 0.55, 0.775, 1.</param>
    /// <param name="setting">The regularization setting to train with (e.g. a search's selected one), or <c>null</c> for the trainer's own.</param>
    /// <param name="options">How to cross-validate; refit and the one-standard-error rule do not apply.</param>
    /// <param name="progress">Receives a report as each fit completes, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="OperationCanceledException">The run was cancelled through the token or the context.</exception>
    public static LearningCurveResult LearningCurve<TMetrics>(MLContext mlContext, IDataView data, IEstimator<ITransformer>? preprocessing,
        Func<RegularizationSetting, IEstimator<ITransformer>> makeTrainer, SearchMetric<TMetrics> metric, IReadOnlyList<double> fractions,
        RegularizationSetting? setting = null, RegularizationSearchOptions? options = null, IProgress<SearchProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where TMetrics : class
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(makeTrainer);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(fractions);
        if (fractions.Count == 0 || fractions.Any(f => !(f > 0 && f <= 1)))
            throw new ArgumentOutOfRangeException(nameof(fractions), "Learning-curve fractions must be in (0, 1], at least one.");
        options ??= new RegularizationSearchOptions();
        options.Validate();
        setting ??= new RegularizationSetting(0, [], [], 0);

        var folds = Split(mlContext, data, options);
        int k = folds.Count, jobs = fractions.Count * k;
        var trainRows = folds.Select(f => CountRows(f.TrainSet)).ToArray();
        var validation = new double[jobs];
        var training = new double[jobs];
        var sizes = new int[jobs];
        var counter = new ProgressCounter(jobs, progress);

        Parallel(mlContext, jobs, options, job =>
        {
            int fold = job % k;
            double fraction = fractions[job / k];
            int rows = Math.Max(1, (int)Math.Round(fraction * trainRows[fold], MidpointRounding.AwayFromZero));
            var shuffled = mlContext.Data.ShuffleRows(folds[fold].TrainSet, seed: FoldSeed(options, fold), shufflePoolSize: Math.Max(2, trainRows[fold]));
            var subset = mlContext.Data.TakeRows(shuffled, rows);
            var model = Pipeline(preprocessing, makeTrainer(setting.ForFit(FoldSeed(options, fold), cancellationToken))).Fit(subset);
            sizes[job] = rows;
            validation[job] = Score(mlContext, model, folds[fold].TestSet, metric, options);
            training[job] = Score(mlContext, model, subset, metric, options);
            counter.Completed($"{fraction:P0} of the training rows, fold {fold + 1}", validation[job]);
        }, cancellationToken);

        var points = fractions.Select((f, i) => new LearningCurvePoint(f, sizes.Skip(i * k).Take(k).Average(),
            new ScoreSummary(validation.Skip(i * k).Take(k)), new ScoreSummary(training.Skip(i * k).Take(k)))).ToArray();
        return new LearningCurveResult(metric.Name, metric.HigherIsBetter, k, points);
    }

    /// <summary>The seed of every fit on fold <paramref name="fold"/>.</summary>
    internal static int FoldSeed(RegularizationSearchOptions options, int fold) => unchecked(options.Seed + 1 + fold);

    private static IReadOnlyList<DataOperationsCatalog.TrainTestData> Split(MLContext ml, IDataView data, RegularizationSearchOptions options)
        => options.StratifyByLabel
            ? StratifiedSplit.CrossValidationSplit(ml, data, options.NumberOfFolds, options.LabelColumnName, options.Seed)
            : ml.Data.CrossValidationSplit(data, options.NumberOfFolds, options.SamplingKeyColumnName, options.Seed);

    private static IEstimator<ITransformer> Pipeline(IEstimator<ITransformer>? preprocessing, IEstimator<ITransformer> trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer, "makeTrainer's result");
        return preprocessing is null ? trainer : preprocessing.Append(trainer);
    }

    private static double Score<TMetrics>(MLContext ml, ITransformer model, IDataView data, SearchMetric<TMetrics> metric, RegularizationSearchOptions options)
        where TMetrics : class
        => metric.Value(metric.Evaluator.Evaluate(ml, model.Transform(data), options.LabelColumnName));

    private static int CountRows(IDataView data)
    {
        if (data.GetRowCount() is { } known)
            return checked((int)known);
        int count = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
            count++;
        return count;
    }

    private static void Parallel(MLContext ml, int jobs, RegularizationSearchOptions options, Action<int> job, CancellationToken cancellationToken)
    {
        ThrowIfCanceled(ml, cancellationToken);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        try
        {
            System.Threading.Tasks.Parallel.For(0, jobs, parallel, i =>
            {
                ThrowIfCanceled(ml, cancellationToken);
                job(i);
            });
        }
        catch (AggregateException e)
        {
            var inner = e.Flatten().InnerExceptions;
            if (inner.Any(x => x is OperationCanceledException))
                throw new OperationCanceledException("The regularization search was cancelled.", e, cancellationToken);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner[0]).Throw();
            throw;
        }
    }

    private static void ThrowIfCanceled(MLContext ml, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (ml._env is ICancelable { IsCanceled: true })
            throw new OperationCanceledException("The MLContext's execution was cancelled.");
    }

    /// <summary>Counts completed fits and reports each one.</summary>
    private sealed class ProgressCounter(int total, IProgress<SearchProgress>? progress)
    {
        private int _completed;

        public void Completed(string description, double score)
        {
            int done = Interlocked.Increment(ref _completed);
            progress?.Report(new SearchProgress(done, total, description, score));
        }
    }
}
