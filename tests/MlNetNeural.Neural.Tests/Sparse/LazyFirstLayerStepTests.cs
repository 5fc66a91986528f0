using System.Numerics.Tensors;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Sparse;
using MlNetNeural.Neural.Tests.Support;
using MlNetNeural.Training;
using MlNetNeural.Training.Backends;
using Xunit;

namespace MlNetNeural.Neural.Tests.Sparse;

/// <summary>
/// The lazy sparse step splits a batch's forward rows and its active first-layer rows over the cores. A row's result must
/// not depend on the split: a batch large enough to be split trains, step for step, to the bits of the same rows done one
/// by one on one thread, with and without gradient clipping.
/// </summary>
public class LazyFirstLayerStepTests
{
    private const int Slots = 20_000, Rows = 64, NonZerosPerRow = 150, Width = 16;

    [Theory]
    [InlineData(null)]
    [InlineData(0.05)]
    public void A_split_step_gives_the_bits_of_the_rows_done_one_by_one(double? clipNorm)
    {
        var random = new Random(3);
        int[] layers = [Width, 3];
        var batch = Batch(random);
        Assert.True(batch.ActiveCount >= 2048 && batch.NonZeros >= 8192, "the batch must be big enough to be split");
        float[] targets = TestData.ToFloat(TestData.OneHot(random, Rows, 3));
        var initial = TestData.Parameters(random, Slots, layers, 0.1).ConvertTo<float>(); // read input-major from here on

        ParameterSet<float> Train(bool split)
        {
            var engine = ManagedBackend.Instance.CreateEngine(new NetworkSpec(Slots, layers, [Activation.Relu, Activation.Identity], Rows,
                LossFunction.SoftmaxCrossEntropy, 1, 0, 1e-3) { InputMajorFirstLayer = true });
            var sparse = (ISparseGradientEngine)engine;
            var parameters = initial.Clone();
            var gradients = ParameterSet<float>.WithoutFirstWeights(Slots, layers);
            var optimizer = new AdamOptimizer<float>();
            var optimizerParameters = Enumerable.Range(0, parameters.ArrayCount)
                .Select(i => new OptimizerParameter<float>(parameters.GetArray(i).Values, gradients.GetArray(i).Values, parameters.GetArray(i).IsWeight))
                .ToArray();
            var step = new LazyFirstLayerStep(sparse, Width);
            sparse.MeasureFirstLayerPenalty(parameters);
            for (int s = 0; s < 3; s++)
            {
                sparse.ComputeGradients(parameters, batch, targets, [], gradients, null, lazy: true);
                if (split)
                {
                    step.Run(batch, optimizer, optimizerParameters, 0.01f, clipNorm);
                    continue;
                }

                // One by one: every active row's gradient, the clipping's factor, then the updates in column order.
                var rowGradients = new float[batch.ActiveCount][];
                for (int a = 0; a < batch.ActiveCount; a++)
                {
                    rowGradients[a] = new float[Width];
                    sparse.FirstLayerRowGradient(batch, a, parameters.Weights[0].AsSpan(batch.ActiveColumns[a] * Width, Width), rowGradients[a]);
                }

                if (clipNorm is { } maxNorm)
                {
                    // Summed as the step sums: the rows' gradients in column order as one span, then each other parameter.
                    double sum = TensorPrimitives.SumOfSquares<float>(rowGradients.SelectMany(g => g).ToArray());
                    foreach (var p in optimizerParameters.Skip(1))
                        sum += TensorPrimitives.SumOfSquares<float>(p.Gradient);
                    if (Math.Sqrt(sum) > maxNorm)
                    {
                        float scale = (float)(maxNorm / Math.Sqrt(sum));
                        foreach (var g in rowGradients.Concat(optimizerParameters.Skip(1).Select(p => p.Gradient)))
                            for (int i = 0; i < g.Length; i++)
                                g[i] *= scale;
                    }
                }

                optimizer.BeginRowStep(optimizerParameters, 0.01f);
                for (int a = 0; a < batch.ActiveCount; a++)
                    optimizer.UpdateRow(optimizerParameters[0], batch.ActiveColumns[a], Width, rowGradients[a], 0.01f);
            }

            return parameters;
        }

        var split = Train(split: true);
        var serial = Train(split: false);
        Assert.NotEqual(initial.Weights[0], split.Weights[0]);
        for (int l = 0; l < layers.Length; l++)
        {
            Assert.Equal(serial.Weights[l], split.Weights[l]);
            Assert.Equal(serial.Biases[l], split.Biases[l]);
        }
    }

    private static SparseBatch<float> Batch(Random random)
    {
        var batch = new SparseBatch<float>(Slots, Rows);
        for (int r = 0; r < Rows; r++)
        {
            int[] indices = Enumerable.Range(0, NonZerosPerRow).Select(_ => random.Next(Slots)).Distinct().Order().ToArray();
            float[] values = indices.Select(_ => (float)random.NextDouble()).ToArray();
            batch.AddRow(indices, values);
        }

        batch.Complete();
        return batch;
    }
}
