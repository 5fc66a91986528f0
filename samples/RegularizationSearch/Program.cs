// Cross-validating regularization strength, the textbook way: hold out a stratified 20 % test set,
// run stratified 5-fold cross-validation on the rest over a grid of L2 strengths, pick the best mean
// accuracy, refit on all the training rows with it, and report test accuracy — scikit-learn's
// train_test_split(stratify=y) + GridSearchCV protocol. On breast_cancer and digits; prints each
// table and draws each validation curve, plus a learning curve for digits.
// Usage: dotnet run --project samples/RegularizationSearch -- [--quick] [--out FOLDER]
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Plots;
using MlNetNeural.Samples;
using MlNetNeural.Search;

var run = SampleArgs.Parse(args);
var ml = new MLContext(seed: 1);
// 7 values over 1e-5 … 10. Our L2 multiplies the penalty (λ/2)·ΣW² added to the *mean* loss
// (as in Keras and PyTorch); scikit-learn's alpha is divided by the batch size, so alpha = 0.1 with
// its batch of 200 is λ = 5e-4 here.
var grid = new RegularizationGrid(new GridAxis(RegularizationParameter.L2Regularization, [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10]));
var searchOptions = new RegularizationSearchOptions { NumberOfFolds = 5, Seed = 1, StratifyByLabel = true };
var progress = new Progress<SearchProgress>(p =>
{
    if (p.CompletedFits % 5 == 0 || p.CompletedFits == p.TotalFits)
        Console.WriteLine($"  [{p.CompletedFits}/{p.TotalFits}] {p.Description}");
});
int epochs = run.Epochs(200, 2);

// --- breast_cancer: binary ------------------------------------------------------------------
{
    var split = StratifiedSplit.TrainTestSplit(ml, SampleData.Binary(ml, "breast_cancer"), testFraction: 0.2, seed: 1);
    var template = new MlpBinaryTrainer.Options(MlpPreset.Classic) { HiddenLayers = [100], NumberOfEpochs = epochs };
    var clock = Stopwatch.StartNew();
    var result = MlNetNeural.Search.RegularizationSearch.Run(ml, split.TrainSet, ml.Transforms.NormalizeMeanVariance("Features"),
        s => ml.BinaryClassification.Trainers.Mlp(s.ApplyTo(template)), grid, SearchMetrics.BinaryAccuracy, searchOptions, progress);
    var test = ml.BinaryClassification.Evaluate(result.Model!.Transform(split.TestSet));
    Report("breast_cancer", result, test.Accuracy, ScikitLearnBreastCancer, split, clock.Elapsed);
    run.Save(NeuralPlots.ValidationCurve(result, title: "breast_cancer: 5-fold CV accuracy vs L2 strength"), "regularization-breast-cancer-validation-curve.png");
}

// --- digits: multiclass ---------------------------------------------------------------------
{
    var split = StratifiedSplit.TrainTestSplit(ml, SampleData.Multiclass(ml, "digits"), testFraction: 0.2, seed: 1);
    var template = new MlpMulticlassTrainer.Options(MlpPreset.Classic) { HiddenLayers = [100], NumberOfEpochs = epochs };
    var preprocessing = ml.Transforms.NormalizeMeanVariance("Features");
    Func<RegularizationSetting, IEstimator<ITransformer>> makeTrainer = s => ml.MulticlassClassification.Trainers.Mlp(s.ApplyTo(template));
    var clock = Stopwatch.StartNew();
    var result = MlNetNeural.Search.RegularizationSearch.Run(ml, split.TrainSet, preprocessing, makeTrainer, grid, SearchMetrics.MulticlassMicroAccuracy, searchOptions, progress);
    var test = ml.MulticlassClassification.Evaluate(result.Model!.Transform(split.TestSet));
    Report("digits", result, test.MicroAccuracy, ScikitLearnDigits, split, clock.Elapsed);
    run.Save(NeuralPlots.ValidationCurve(result, title: "digits: 5-fold CV accuracy vs L2 strength"), "regularization-digits-validation-curve.png");

    clock.Restart();
    var curve = MlNetNeural.Search.RegularizationSearch.LearningCurve(ml, split.TrainSet, preprocessing, makeTrainer, SearchMetrics.MulticlassMicroAccuracy,
        run.Quick ? [0.25, 1.0] : [0.1, 0.25, 0.5, 0.75, 1.0], result.Selected.Setting, searchOptions);
    Console.WriteLine($"digits learning curve at {result.Selected.Setting} ({SampleData.F(clock.Elapsed.TotalSeconds, "F0")} s):");
    foreach (var point in curve.Points)
        Console.WriteLine($"  {point.TrainingRows,6:F0} rows: training {point.Training}, validation {point.Validation}");
    run.Save(NeuralPlots.LearningCurve(curve, $"digits: learning curve (L2 = {RegularizationSetting.FormatValue(result.Selected.Setting.Values[0])})"), "regularization-digits-learning-curve.png");
}

static void Report(string name, RegularizationSearchResult result, double testAccuracy, double scikitLearn, DataOperationsCatalog.TrainTestData split, TimeSpan elapsed)
{
    Console.WriteLine();
    Console.WriteLine($"== {name}: {CountRows(split.TrainSet)} training rows (cross-validated), {CountRows(split.TestSet)} test rows; {elapsed.TotalSeconds:F0} s");
    Console.WriteLine(result.ToTable());
    Console.WriteLine($"One-standard-error choice: {result.OneStandardErrorChoice.Setting}");
    Console.WriteLine($"Refit on all training rows with {result.Selected.Setting}: test accuracy {SampleData.F(testAccuracy, "F4")}");
    Console.WriteLine($"scikit-learn's GridSearchCV over MLPClassifier(alpha), same protocol: alpha = 0.1, test accuracy {SampleData.F(scikitLearn)}");
    Console.WriteLine();
}

static long CountRows(IDataView data)
{
    long count = 0;
    using var cursor = data.GetRowCursor([]);
    while (cursor.MoveNext())
        count++;
    return count;
}

partial class Program
{
    // The reference figures of the issue this sample answers (scikit-learn 1.2, StandardScaler + MLPClassifier).
    private const double ScikitLearnBreastCancer = 0.974;
    private const double ScikitLearnDigits = 0.981;
}
