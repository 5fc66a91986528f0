using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace MlNetNeural.Benchmarks.Quality;

/// <summary>
/// <c>quality [--only name,name] [--mlp Option=value,...]...</c>: every data set in <c>samples/data</c> with the pipeline a
/// user would write, scored for ML.NET's built-in trainers and ours, one markdown table per data set: the headline metric
/// (AUC for binary, micro-accuracy for multiclass, R² for regression), accuracy and log-loss where they apply, and the
/// fit time (the mean per fold for cross-validation). Seed 1 throughout, so a rerun prints the same metrics.
/// </summary>
internal static class QualityBenchmark
{
    public static int Run(string[] args)
    {
        var only = new HashSet<string>();
        var variants = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--only" when i + 1 < args.Length:
                    only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "--mlp" when i + 1 < args.Length:
                    variants.Add(args[++i]);
                    break;
                default:
                    Console.Error.WriteLine($"quality: unknown argument '{args[i]}'. Usage: quality [--only name,name] [--mlp Option=value,...]");
                    return 2;
            }
        }

        Console.WriteLine($"# Quality benchmark — {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, seed 1");
        Console.WriteLine(Quick.CpuDescription.Line());
        var ml = new MLContext(seed: 1);
        foreach (var dataset in QualityDatasets.All(ml).Where(d => only.Count == 0 || only.Contains(d.Name)))
        {
            Console.WriteLine();
            Console.WriteLine($"## {dataset.Name} ({dataset.Task.ToString().ToLowerInvariant()}, {dataset.Protocol})");
            Console.WriteLine(dataset.Task switch
            {
                QualityTask.Binary => "| trainer | AUC | accuracy | log-loss | fit (s) |\n|---|---:|---:|---:|---:|",
                QualityTask.Multiclass => "| trainer | micro-accuracy | log-loss | fit (s) |\n|---|---:|---:|---:|",
                _ => "| trainer | R² | RMSE | fit (s) |\n|---|---:|---:|---:|",
            });
            foreach (var trainer in QualityTrainers.For(dataset.Task, variants))
            {
                // A fresh context per trainer: each draws its seed from MLContext(seed: 1) the same way whatever ran before it.
                var context = new MLContext(seed: 1);
                var row = Score(context, dataset, trainer);
                Console.WriteLine($"| {(trainer.IsOurs ? "**" + trainer.Name + "**" : trainer.Name)} | {string.Join(" | ", row.Select(v => v.ToString("F4", CultureInfo.InvariantCulture)))} |");
            }
        }

        return 0;
    }

    // The metrics of one trainer on one data set, in the table's column order, fit time last.
    private static double[] Score(MLContext ml, QualityDataset dataset, QualityTrainer trainer)
    {
        var pipeline = dataset.Featurize.Append(trainer.Create(ml));
        if (dataset.Split is { } split)
        {
            var clock = Stopwatch.StartNew();
            var model = pipeline.Fit(split.Train);
            double seconds = clock.Elapsed.TotalSeconds;
            return [.. Metrics(ml, dataset.Task, model.Transform(split.Test)), seconds];
        }

        // ML.NET's own 5-fold split with a fixed seed: the same folds for every trainer. Fit time is the mean per fold.
        var data = dataset.Data!;
        var total = Stopwatch.StartNew();
        double[][] folds = dataset.Task switch
        {
            QualityTask.Binary => ml.BinaryClassification.CrossValidate(data, pipeline, 5, seed: 1).Select(f => Metrics(ml, dataset.Task, f.ScoredHoldOutSet)).ToArray(),
            QualityTask.Multiclass => ml.MulticlassClassification.CrossValidate(data, pipeline, 5, seed: 1).Select(f => Metrics(ml, dataset.Task, f.ScoredHoldOutSet)).ToArray(),
            _ => ml.Regression.CrossValidate(data, pipeline, 5, seed: 1).Select(f => Metrics(ml, dataset.Task, f.ScoredHoldOutSet)).ToArray(),
        };
        double perFold = total.Elapsed.TotalSeconds / 5;
        return [.. Enumerable.Range(0, folds[0].Length).Select(c => folds.Average(f => f[c])), perFold];
    }

    private static double[] Metrics(MLContext ml, QualityTask task, IDataView scored)
    {
        switch (task)
        {
            case QualityTask.Binary:
                var b = ml.BinaryClassification.Evaluate(scored);
                return [b.AreaUnderRocCurve, b.Accuracy, b.LogLoss];
            case QualityTask.Multiclass:
                var m = ml.MulticlassClassification.Evaluate(scored);
                return [m.MicroAccuracy, m.LogLoss];
            default:
                var r = ml.Regression.Evaluate(scored);
                return [r.RSquared, r.RootMeanSquaredError];
        }
    }
}
