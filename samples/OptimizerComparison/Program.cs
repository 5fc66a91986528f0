// SGD vs momentum vs RMSprop vs Adam on one problem: the same network, initial weights and batch
// order on the digits, each optimizer with its customary learning rate. One loss-curve picture.
// Usage: dotnet run --project samples/OptimizerComparison -- [--quick] [--out FOLDER]
using Microsoft.ML;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Plots;
using MlNetNeural.Samples;

var run = SampleArgs.Parse(args);
var ml = new MLContext(seed: 1);
var split = ml.Data.TrainTestSplit(SampleData.Multiclass(ml, "digits"), testFraction: 0.2, seed: 1);
var normalizer = ml.Transforms.NormalizeMeanVariance("Features").Fit(split.TrainSet);
var train = ml.Data.Cache(normalizer.Transform(split.TrainSet));
var test = ml.Data.Cache(normalizer.Transform(split.TestSet));

var optimizers = new (string Name, OptimizerKind Kind, float LearningRate)[]
{
    ("SGD (η = 0.01)", OptimizerKind.Sgd, 0.01f),
    ("Momentum 0.9 (η = 0.01)", OptimizerKind.Momentum, 0.01f),
    ("RMSprop (η = 0.001)", OptimizerKind.RMSprop, 0.001f),
    ("Adam (η = 0.001)", OptimizerKind.Adam, 0.001f),
};
var runs = new List<(string, TrainingHistory)>();
foreach (var (name, kind, rate) in optimizers)
{
    var model = ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic)
    {
        HiddenLayers = [64],
        Optimizer = kind,
        LearningRate = rate,
        BatchSize = 32,
        NumberOfEpochs = run.Epochs(60, 6),
        Patience = 0,
        Seed = 1,
    }).Fit(train);
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
    var history = model.Model.History;
    Console.WriteLine($"{name,-26} final training loss {SampleData.F(history.TrainingLosses[^1], "F4")}, test accuracy {SampleData.F(metrics.MicroAccuracy)}");
    runs.Add((name, history));
}
run.Save(NeuralPlots.LossCurves(runs, "Optimizers on digits (MLP 64→64→10, batch 32)", logScale: true), "optimizer-comparison.png");
