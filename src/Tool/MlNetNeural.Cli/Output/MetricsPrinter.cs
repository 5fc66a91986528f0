using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Cli.Models;

namespace MlNetNeural.Cli.Output;

/// <summary>Evaluates scored data with ML.NET's evaluator of the model's task and prints the metrics.</summary>
internal static class MetricsPrinter
{
    /// <summary>Prints the task's metrics (and a confusion table for classification) for <paramref name="scored"/>.</summary>
    public static void Print(MLContext ml, IDataView scored, ModelManifest manifest, TextWriter output)
    {
        switch (manifest.Task)
        {
            case TaskKind.Binary when scored.Schema.GetColumnOrNull("Probability") is not null:
                var calibrated = ml.BinaryClassification.Evaluate(scored, manifest.Label);
                Binary(output, calibrated);
                Line(output, "LogLoss", calibrated.LogLoss);
                Line(output, "LogLossReduction", calibrated.LogLossReduction);
                Confusion(output, calibrated.ConfusionMatrix);
                break;
            case TaskKind.Binary:
                var plain = ml.BinaryClassification.EvaluateNonCalibrated(scored, manifest.Label);
                Binary(output, plain);
                Confusion(output, plain.ConfusionMatrix);
                break;
            case TaskKind.Multiclass:
                var multi = ml.MulticlassClassification.Evaluate(scored, manifest.Label);
                Line(output, "MicroAccuracy", multi.MicroAccuracy);
                Line(output, "MacroAccuracy", multi.MacroAccuracy);
                Line(output, "LogLoss", multi.LogLoss);
                Line(output, "LogLossReduction", multi.LogLossReduction);
                Confusion(output, multi.ConfusionMatrix);
                break;
            default:
                var regression = ml.Regression.Evaluate(scored, manifest.Label);
                Line(output, "RSquared", regression.RSquared);
                Line(output, "RootMeanSquaredError", regression.RootMeanSquaredError);
                Line(output, "MeanAbsoluteError", regression.MeanAbsoluteError);
                Line(output, "MeanSquaredError", regression.MeanSquaredError);
                break;
        }
    }

    private static void Binary(TextWriter output, BinaryClassificationMetrics metrics)
    {
        Line(output, "Accuracy", metrics.Accuracy);
        Line(output, "AreaUnderRocCurve", metrics.AreaUnderRocCurve);
        Line(output, "AreaUnderPrecisionRecallCurve", metrics.AreaUnderPrecisionRecallCurve);
        Line(output, "F1Score", metrics.F1Score);
        Line(output, "PositivePrecision", metrics.PositivePrecision);
        Line(output, "PositiveRecall", metrics.PositiveRecall);
        Line(output, "NegativePrecision", metrics.NegativePrecision);
        Line(output, "NegativeRecall", metrics.NegativeRecall);
    }

    private static void Line(TextWriter output, string name, double value)
        => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-31}{value:0.######}"));

    private static void Confusion(TextWriter output, ConfusionMatrix matrix)
    {
        output.WriteLine();
        output.Write(matrix.GetFormattedConfusionTable());
    }
}
