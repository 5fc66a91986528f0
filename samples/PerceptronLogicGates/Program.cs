// The perceptron on the logic gates AND, OR and XOR. AND and OR are linearly separable, so
// Rosenblatt's rule converges to zero errors; XOR is not, so the perceptron never gets all four
// points right. A multi-layer perceptron with one hidden layer solves XOR.
// Usage: dotnet run --project samples/PerceptronLogicGates -- [--quick] [--out FOLDER]
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Neural;
using MlNetNeural.Perceptron;
using MlNetNeural.Plots;
using MlNetNeural.Samples;

var run = SampleArgs.Parse(args);
var ml = new MLContext(seed: 1);
float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
var gates = new (string Name, bool[] Truth)[]
{
    ("AND", [false, false, false, true]),
    ("OR", [false, true, true, true]),
    ("XOR", [false, true, true, false]),
};

int perceptronEpochs = run.Epochs(12, 6);
var errorCurves = new List<(string, IReadOnlyList<int>)>();
Console.WriteLine($"Rosenblatt perceptron (η = 1, no averaging, {perceptronEpochs} epochs):");
ITransformer? xorPerceptron = null;
foreach (var (name, truth) in gates)
{
    var data = Gate(ml, inputs, truth);
    var trainer = ml.BinaryClassification.Trainers.Perceptron(new PerceptronBinaryTrainer.Options
    {
        NumberOfEpochs = perceptronEpochs,
        Averaged = false,
        Shuffle = false,
        Seed = 1,
    });
    var model = trainer.Fit(data);
    var accuracy = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(data)).Accuracy;
    var errors = model.Model.MisclassificationsPerEpoch;
    errorCurves.Add((name, errors));
    Console.WriteLine($"  {name,-3}: errors per epoch [{string.Join(", ", errors)}] → training accuracy {SampleData.F(accuracy, "F2")}" +
                      (errors[^1] == 0 ? " (converged)" : " (never converges: not linearly separable)"));
    if (name == "XOR")
        xorPerceptron = model;
}
run.Save(NeuralPlots.PerceptronErrors(errorCurves, "Perceptron on logic gates: XOR never converges"), "perceptron-logic-gates-errors.png");

var xor = Gate(ml, inputs, gates[2].Truth);
run.Save(NeuralPlots.DecisionBoundary(ml, xorPerceptron!, xor, title: "XOR: a perceptron's single line cannot separate it"), "perceptron-xor-boundary.png", 600, 520);

var mlp = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
{
    HiddenLayers = [4],
    HiddenActivation = Activation.Tanh,
    LearningRate = 0.05f,
    NumberOfEpochs = run.Epochs(500, 300),
    BatchSize = 4,
    L2Regularization = 0,
    Patience = 0,
    Seed = 3,
}).Fit(xor);
var mlpMetrics = ml.BinaryClassification.Evaluate(mlp.Transform(xor));
Console.WriteLine($"MLP 2→4 (tanh)→1 on XOR: training accuracy {SampleData.F(mlpMetrics.Accuracy, "F2")}, log-loss {SampleData.F(mlpMetrics.LogLoss)}");
run.Save(NeuralPlots.DecisionBoundary(ml, mlp, xor, title: "XOR: an MLP with one hidden layer solves it"), "mlp-xor-boundary.png", 600, 520);
run.Save(NeuralPlots.LossCurve(mlp.Model.History, "MLP on XOR: loss curve"), "mlp-xor-loss.png");

static IDataView Gate(MLContext ml, float[][] inputs, bool[] truth)
{
    var schema = SchemaDefinition.Create(typeof(GateRow));
    schema[nameof(GateRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
    return ml.Data.LoadFromEnumerable(inputs.Select((x, i) => new GateRow { Features = x, Label = truth[i] }).ToArray(), schema);
}

/// <summary>One row of a truth table.</summary>
internal sealed class GateRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}
