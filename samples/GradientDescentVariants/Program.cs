// Batch vs stochastic vs mini-batch gradient descent: the same network, data, learning rate and
// number of epochs, differing only in how many examples each gradient step averages over. Per
// epoch, full-batch descent takes one step, stochastic descent one per example, mini-batch one per
// 32 examples: the loss curves show the trade between steps per epoch and noise per step.
// Usage: dotnet run --project samples/GradientDescentVariants -- [--quick] [--out FOLDER]
using Microsoft.ML;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Plots;
using MlNetNeural.Samples;

var run = SampleArgs.Parse(args);
var ml = new MLContext(seed: 1);
var raw = SampleData.Binary(ml, "moons_1000");
var data = ml.Data.Cache(ml.Transforms.NormalizeMeanVariance("Features").Fit(raw).Transform(raw));
int rows = (int)(data.GetRowCount() ?? 1000);

var variants = new (string Name, int BatchSize)[]
{
    ($"Batch (all {rows} rows per step)", rows),
    ("Stochastic (1 row per step)", 1),
    ("Mini-batch (32 rows per step)", 32),
};
var runs = new List<(string, MlNetNeural.Mlp.TrainingHistory)>();
foreach (var (name, batchSize) in variants)
{
    var model = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
    {
        HiddenLayers = [16],
        Optimizer = OptimizerKind.Sgd,
        LearningRate = 0.05f,
        BatchSize = batchSize,
        NumberOfEpochs = run.Epochs(100, 8),
        L2Regularization = 0,
        Patience = 0,
        Seed = 1,
    }).Fit(data);
    var history = model.Model.History;
    var accuracy = ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy;
    double seconds = history.Epochs.Sum(e => e.Seconds);
    Console.WriteLine($"{name,-32} final training loss {SampleData.F(history.TrainingLosses[^1], "F4")}, training accuracy {SampleData.F(accuracy)}, {SampleData.F(seconds, "F2")} s");
    runs.Add((name, history));
}
run.Save(NeuralPlots.LossCurves(runs, "Plain SGD (η = 0.05) on two moons: batch vs stochastic vs mini-batch", logScale: true), "gradient-descent-variants.png");
