// A fresh application that installs MlNetNeural.Trainers from a package feed (and through it
// MlNetNeural.Transforms and Microsoft.ML, with no Microsoft.ML reference of its own), trains a small
// MLP on an in-code XOR data set, saves it, loads it back and predicts the four corners.
// tests/MlNetNeural.Packaging.Tests checks the lines it prints.
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;
using MlNetNeural.Mlp;
using MlNetNeural.Neural.Optimizers;

var ml = new MLContext(seed: 1);
var random = new Random(1);
var rows = new List<Row>();
(float X, float Y)[] corners = [(-1, -1), (-1, 1), (1, -1), (1, 1)];
foreach (var (x, y) in corners)
{
    for (int i = 0; i < 25; i++)
    {
        float dx = (float)(random.NextDouble() - 0.5) * 0.6f, dy = (float)(random.NextDouble() - 0.5) * 0.6f;
        rows.Add(new Row { Features = [x + dx, y + dy], Label = (x > 0) != (y > 0) });
    }
}
var data = ml.Data.LoadFromEnumerable(rows);

var trainer = ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainer.Options(MlpPreset.Classic)
{
    HiddenLayers = [16],
    Optimizer = OptimizerKind.Adam,
    LearningRate = 0.01f,
    NumberOfEpochs = 300,
    Seed = 1,
});
var model = trainer.Fit(data);
var metrics = ml.BinaryClassification.Evaluate(model.Transform(data));

string modelPath = Path.Combine(AppContext.BaseDirectory, "xor-mlp.zip");
ml.Model.Save(model, data.Schema, modelPath);
var loaded = new MLContext(seed: 2).Model.Load(modelPath, out _);
var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(loaded);
var predicted = corners.Select(c => engine.Predict(new Row { Features = [c.X, c.Y] }).PredictedLabel ? 1 : 0);

string Version(Type type) => type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
Console.WriteLine($"trainers {Version(typeof(MlpBinaryTrainer))}");
Console.WriteLine($"transforms {Version(model.Model.GetType())}");
Console.WriteLine($"training accuracy {metrics.Accuracy.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}");
string loadedModel = (loaded as IPredictionTransformer<object>)?.Model.GetType().FullName ?? loaded.GetType().FullName!;
Console.WriteLine($"loaded {loadedModel} from {new FileInfo(modelPath).Length} bytes");
Console.WriteLine($"xor predictions {string.Join(" ", predicted)}");

internal sealed class Row
{
    [VectorType(2)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

internal sealed class Prediction
{
    public bool PredictedLabel { get; set; }

    public float Probability { get; set; }
}
