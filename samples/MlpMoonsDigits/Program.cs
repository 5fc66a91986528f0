// A multi-layer perceptron on two textbook problems: the two moons (a curved boundary no line
// can draw) and handwritten digits (64 pixels, 10 classes). The moons' decision boundary is drawn
// directly; the digits are drawn on their first two principal components, and the MLP's accuracy
// on all 64 pixels is printed.
// Usage: dotnet run --project samples/MlpMoonsDigits -- [--quick] [--out FOLDER]
using Microsoft.ML;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Plots;
using MlNetNeural.Samples;

var run = SampleArgs.Parse(args);
var ml = new MLContext(seed: 1);

// --- Moons ---------------------------------------------------------------------------------
var moons = ml.Data.TrainTestSplit(SampleData.Binary(ml, "moons_1000"), testFraction: 0.2, seed: 1);
var moonsModel = ml.Transforms.NormalizeMeanVariance("Features")
    .Append(ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
    {
        HiddenLayers = [32, 32],
        NumberOfEpochs = run.Epochs(200, 20),
        Seed = 1,
    }))
    .Fit(moons.TrainSet);
var moonsMetrics = ml.BinaryClassification.Evaluate(moonsModel.Transform(moons.TestSet));
Console.WriteLine($"MLP 2→32→32→1 on moons_1000 (noise 0.3): test accuracy {SampleData.F(moonsMetrics.Accuracy)}, AUC {SampleData.F(moonsMetrics.AreaUnderRocCurve)}");
run.Save(NeuralPlots.DecisionBoundary(ml, moonsModel, moons.TestSet, title: $"MLP on two moons: test accuracy {SampleData.F(moonsMetrics.Accuracy)}"), "mlp-moons-boundary.png");
run.Save(NeuralPlots.LossCurve(moonsModel.LastTransformer.Model.History, "MLP on two moons: loss curve"), "mlp-moons-loss.png");

// --- Digits on all 64 pixels ---------------------------------------------------------------
var digits = ml.Data.TrainTestSplit(SampleData.Multiclass(ml, "digits"), testFraction: 0.2, seed: 1);
var digitsOptions = new MlpMulticlassTrainer.Options(MlpPreset.Classic) { HiddenLayers = [100], NumberOfEpochs = run.Epochs(200, 10), Seed = 1 };
var digitsModel = ml.Transforms.NormalizeMeanVariance("Features")
    .Append(ml.MulticlassClassification.Trainers.Mlp(digitsOptions))
    .Fit(digits.TrainSet);
var digitsMetrics = ml.MulticlassClassification.Evaluate(digitsModel.Transform(digits.TestSet));
Console.WriteLine($"MLP 64→100→10 on digits: test accuracy {SampleData.F(digitsMetrics.MicroAccuracy)}, macro accuracy {SampleData.F(digitsMetrics.MacroAccuracy)}, log-loss {SampleData.F(digitsMetrics.LogLoss)}");

// --- Digits on two principal components, to draw -------------------------------------------
// PCA is fitted on the training rows only; the MLP then sees a 2-D features vector.
var pca = ml.Transforms.NormalizeMeanVariance("Features")
    .Append(ml.Transforms.ProjectToPrincipalComponents("Features", rank: 2, seed: 1))
    .Fit(digits.TrainSet);
var train2d = ml.Data.Cache(pca.Transform(digits.TrainSet));
var test2d = ml.Data.Cache(pca.Transform(digits.TestSet));
var digits2dModel = ml.Transforms.NormalizeMeanVariance("Features")
    .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpMulticlassTrainer.Options(MlpPreset.Classic) { HiddenLayers = [64, 64], NumberOfEpochs = run.Epochs(200, 10), Seed = 1 }))
    .Fit(train2d);
var digits2dMetrics = ml.MulticlassClassification.Evaluate(digits2dModel.Transform(test2d));
Console.WriteLine($"MLP 2→64→64→10 on digits' first two principal components: test accuracy {SampleData.F(digits2dMetrics.MicroAccuracy)} (two components keep little of the 64 pixels)");
run.Save(NeuralPlots.DecisionBoundary(ml, digits2dModel, test2d,
    title: $"MLP on digits' 2 principal components: test accuracy {SampleData.F(digits2dMetrics.MicroAccuracy)}"), "mlp-digits-pca-boundary.png", 900, 640);
