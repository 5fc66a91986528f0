// Under- vs over-fitting on the small two-moons set (200 points, noise 0.2), and three cures for
// over-fitting: an L2 penalty, dropout, and early stopping. Prints training and test accuracy for
// each model, draws each decision boundary, and the over-fitted model's loss curves (training loss
// keeps falling while the held-out loss turns up: the picture of over-fitting).
// Usage: dotnet run --project samples/Overfitting -- [--quick] [--out FOLDER]
using Microsoft.ML;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Plots;
using MlNetNeural.Samples;

var run = SampleArgs.Parse(args);
var ml = new MLContext(seed: 1);
var split = ml.Data.TrainTestSplit(SampleData.Binary(ml, "moons_200"), testFraction: 0.3, seed: 2);
var normalizer = ml.Transforms.NormalizeMeanVariance("Features").Fit(split.TrainSet);
var train = ml.Data.Cache(normalizer.Transform(split.TrainSet));
var test = ml.Data.Cache(normalizer.Transform(split.TestSet));
int epochs = run.Epochs(1500, 30);

// Every model but the first has the same large network; only the regularization differs.
MlpBinaryTrainer.Options Big() => new(MlpPreset.Classic)
{
    HiddenLayers = [128, 128],
    LearningRate = 0.005f,
    BatchSize = 16,
    NumberOfEpochs = epochs,
    L2Regularization = 0,
    Patience = 0,
    RestoreBestWeights = false,
    Seed = 1,
};
var models = new (string Name, string File, MlpBinaryTrainer.Options Options)[]
{
    ("Under-fitting: no hidden layer (a line)", "overfitting-underfit.png", new() { HiddenLayers = [], LearningRate = 0.01f, NumberOfEpochs = epochs / 3 + 1, L2Regularization = 0, Patience = 0, Seed = 1 }),
    ("Over-fitting: 2×128 units, no regularization", "overfitting-overfit.png", Big()),
    ("Cure 1: L2 penalty 0.01", "overfitting-l2.png", With(Big(), o => o.L2Regularization = 0.01f)),
    ("Cure 2: dropout 0.5", "overfitting-dropout.png", With(Big(), o => o.DropoutRate = 0.5f)),
    ("Cure 3: early stopping (patience 50)", "overfitting-early-stopping.png",
        With(Big(), o => { o.EarlyStopping = true; o.ValidationFraction = 0.2f; o.Patience = 50; o.RestoreBestWeights = true; })),
};

// Test log-loss tells the models apart where 60 test rows make accuracy coarse (one row = 0.017).
Console.WriteLine($"{"model",-46} {"train acc",9} {"test acc",9} {"test log-loss",13} {"epochs",7}");
TrainingHistory? overfitHistory = null;
foreach (var (name, file, options) in models)
{
    var trainer = ml.BinaryClassification.Trainers.Mlp(options);
    // The over-fitted model also watches the held-out rows each epoch (without stopping), for its loss curve.
    var model = file == "overfitting-overfit.png" ? trainer.Fit(train, test) : trainer.Fit(train);
    double trainAccuracy = ml.BinaryClassification.Evaluate(model.Transform(train)).Accuracy;
    var testMetrics = ml.BinaryClassification.Evaluate(model.Transform(test));
    double testAccuracy = testMetrics.Accuracy;
    var history = model.Model.History;
    Console.WriteLine($"{name,-46} {SampleData.F(trainAccuracy),9} {SampleData.F(testAccuracy),9} {SampleData.F(testMetrics.LogLoss),13} {history.Epochs.Count,7}");
    if (file == "overfitting-overfit.png")
        overfitHistory = history;
    run.Save(NeuralPlots.DecisionBoundary(ml, model, train, title: $"{name}: train {SampleData.F(trainAccuracy, "F2")}, test {SampleData.F(testAccuracy, "F2")}"), file, 720, 560);
}
run.Save(NeuralPlots.LossCurve(overfitHistory!, "Over-fitting: the held-out loss turns up while the training loss falls", logScale: true), "overfitting-loss-curves.png");

static MlpBinaryTrainer.Options With(MlpBinaryTrainer.Options options, Action<MlpBinaryTrainer.Options> change)
{
    change(options);
    return options;
}
