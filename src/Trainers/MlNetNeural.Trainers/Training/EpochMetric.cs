using System.Numerics.Tensors;

namespace MlNetNeural.Training;

/// <summary>The validation metric an epoch records: weighted accuracy, or R² of the network's outputs.</summary>
internal static class EpochMetric
{
    /// <summary>The metric of <paramref name="outputs"/> (rows × output size, the network's raw outputs) against the rows' targets.</summary>
    public static double Compute(ValidationMetric metric, int outputSize, MlpTrainingData data, float[] outputs) =>
        metric == ValidationMetric.Accuracy ? Accuracy(outputSize, data, outputs) : RSquared(data, outputs);

    // One logit: positive means class 1; several: the arg-max is the class.
    private static double Accuracy(int k, MlpTrainingData data, float[] outputs)
    {
        double correct = 0, total = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            var output = outputs.AsSpan(r * k, k);
            var target = data.Targets.AsSpan(r * k, k);
            bool hit = k == 1
                ? (output[0] > 0) == (target[0] > 0.5f)
                : TensorPrimitives.IndexOfMax(output) == TensorPrimitives.IndexOfMax(target);
            correct += hit ? data.Weights[r] : 0;
            total += data.Weights[r];
        }
        return total > 0 ? correct / total : double.NaN;
    }

    private static double RSquared(MlpTrainingData data, float[] outputs)
    {
        double weightSum = 0, mean = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            mean += data.Weights[r] * data.Targets[r];
            weightSum += data.Weights[r];
        }
        mean /= weightSum;
        double residual = 0, spread = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            residual += data.Weights[r] * Math.Pow(data.Targets[r] - outputs[r], 2);
            spread += data.Weights[r] * Math.Pow(data.Targets[r] - mean, 2);
        }
        return spread > 0 ? 1 - residual / spread : double.NaN;
    }
}
