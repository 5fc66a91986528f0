// Why did the model predict that? Hourly bike rentals (ML.NET's bike-sharing sample, its own train and test files):
// the default Mlp() regression, then ML.NET's own CalculateFeatureContribution after it, which splits each prediction
// into one share per feature by integrated gradients (the shares add up to the prediction minus the prediction for
// the "median hour"). Prints the largest shares of three test hours and draws one bar chart per hour.
// Usage: dotnet run --project samples/ExplainPredictions -- [--quick] [--out FOLDER]
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Plots;
using MlNetNeural.Samples;

var run = SampleArgs.Parse(args);
var ml = new MLContext(seed: 1);
string[] features = ["season", "yr", "mnth", "hr", "holiday", "weekday", "workingday", "weathersit", "temp", "atemp", "hum", "windspeed"];
var columns = features.Select((name, i) => new TextLoader.Column(name, DataKind.Single, i + 2))
    .Append(new TextLoader.Column("Label", DataKind.Single, 16)).ToArray();
IDataView Load(string file) => ml.Data.LoadFromTextFile(Path.Combine(AppContext.BaseDirectory, "data", file), columns, separatorChar: ',', hasHeader: true);
var train = ml.Data.Cache(Load("bike_hour_train.csv"));
var test = Load("bike_hour_test.csv");

// Concatenate keeps the column names as slot names, so each contribution can be named.
var pipeline = ml.Transforms.Concatenate("Features", features)
    .Append(ml.Transforms.NormalizeMeanVariance("Features"))
    .Append(ml.Regression.Trainers.Mlp(new MlpRegressionTrainer.Options { NumberOfEpochs = run.Epochs(60, 3) }));
var model = pipeline.Fit(train);
var scored = model.Transform(test);
Console.WriteLine($"Mlp() on bike_hour: test R² {SampleData.F(ml.Regression.Evaluate(scored).RSquared)}");

// ML.NET's transform, after our MLP as after its own trainers: every feature's share (normalize: false keeps the units).
var explain = ml.Transforms.CalculateFeatureContribution(model.LastTransformer, numberOfPositiveContributions: features.Length,
    numberOfNegativeContributions: features.Length, normalize: false);
var explained = explain.Fit(scored).Transform(scored);

var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
explained.Schema["FeatureContributions"].GetSlotNames(ref slotNames);
var names = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
var rows = explained.GetColumn<float[]>("FeatureContributions").Take(400).ToArray();
var predictions = explained.GetColumn<float>("Score").Take(400).ToArray();
var actual = explained.GetColumn<float>("Label").Take(400).ToArray();
var raw = test.GetColumn<float>("hr").Take(400).ToArray();

// Three hours of the test file: an early afternoon, the evening rush hour and midnight.
foreach (int row in new[] { 3, 31, 110 })
{
    var shares = names.Zip(rows[row], (name, value) => (Feature: name, Contribution: (double)value)).ToArray();
    Console.WriteLine();
    Console.WriteLine($"Test row {row} (hour {raw[row]}): predicted {SampleData.F(predictions[row], "F0")} rentals, actual {SampleData.F(actual[row], "F0")}; " +
        $"the shares add up to {SampleData.F(shares.Sum(s => s.Contribution), "F1")} against the median hour");
    foreach (var (feature, contribution) in shares.OrderByDescending(s => Math.Abs(s.Contribution)).Take(5))
        Console.WriteLine($"  {feature,-11} {(contribution >= 0 ? "+" : "")}{SampleData.F(contribution, "F1")}");
    run.Save(NeuralPlots.FeatureContributions(shares, $"Test row {row}, hour {raw[row]}: {SampleData.F(predictions[row], "F0")} rentals predicted"),
        $"explain-bike-row-{row}.png");
}
