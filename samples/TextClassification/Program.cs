// Text classification with a sparse pipeline: SMS spam (UCI SMS Spam Collection, as in ML.NET's samples) through
// FeaturizeText, then our MLP and perceptron next to ML.NET's SdcaLogisticRegression and AveragedPerceptron on the
// same stratified split. FeaturizeText yields thousands of slots with a few dozen non-zeros per message: the trainers
// keep the rows sparse (FeatureStorage.Auto), so each step costs the non-zeros, not the vocabulary.
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural;
using MlNetNeural.Search;

var ml = new MLContext(seed: 1);
string path = Path.Combine(AppContext.BaseDirectory, "data", "sms_spam.tsv");
var raw = ml.Data.LoadFromTextFile(path, [new TextLoader.Column("LabelText", DataKind.String, 0), new TextLoader.Column("Text", DataKind.String, 1)],
    separatorChar: '\t', hasHeader: false, allowQuoting: false);
var data = ml.Transforms.Conversion.MapValue("Label", new[] { KeyValuePair.Create("spam", true), KeyValuePair.Create("ham", false) }, "LabelText")
    .Fit(raw).Transform(raw);
var split = StratifiedSplit.TrainTestSplit(ml, data, testFraction: 0.2, seed: 1);
var featurize = ml.Transforms.Text.FeaturizeText("Features", "Text");

Console.WriteLine($"SMS spam: {ml.Data.CreateEnumerable<Row>(split.TrainSet, false).Count()} training and " +
                  $"{ml.Data.CreateEnumerable<Row>(split.TestSet, false).Count()} test messages (stratified 20 % split, seed 1), FeaturizeText");
Console.WriteLine($"{"trainer",-36} {"accuracy",9} {"AUC",7} {"F1",7} {"fit (s)",8}");
Report("ML.NET SdcaLogisticRegression", ml.BinaryClassification.Trainers.SdcaLogisticRegression(), calibrated: true);
Report("ML.NET AveragedPerceptron", ml.BinaryClassification.Trainers.AveragedPerceptron(), calibrated: false);
Report("MlNetNeural Mlp() defaults", ml.BinaryClassification.Trainers.Mlp(), calibrated: true);
Report("MlNetNeural Mlp(Classic preset)", ml.BinaryClassification.Trainers.Mlp(new MlNetNeural.Mlp.MlpBinaryTrainer.Options(MlNetNeural.Mlp.MlpPreset.Classic)), calibrated: true);
Report("MlNetNeural Perceptron() defaults", ml.BinaryClassification.Trainers.Perceptron(), calibrated: false);

void Report<TModel>(string name, IEstimator<ISingleFeaturePredictionTransformer<TModel>> trainer, bool calibrated) where TModel : class
{
    var clock = Stopwatch.StartNew();
    var model = featurize.Append(trainer).Fit(split.TrainSet);
    double seconds = clock.Elapsed.TotalSeconds;
    var scored = model.Transform(split.TestSet);
    var metrics = calibrated ? ml.BinaryClassification.Evaluate(scored) : ml.BinaryClassification.EvaluateNonCalibrated(scored);
    Console.WriteLine($"{name,-36} {metrics.Accuracy,9:F4} {metrics.AreaUnderRocCurve,7:F4} {metrics.F1Score,7:F4} {seconds,8:F2}");
}

internal sealed class Row
{
    public bool Label { get; set; }
}
