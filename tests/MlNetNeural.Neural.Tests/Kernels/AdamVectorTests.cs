using MlNetNeural.Neural.Optimizers;
using Xunit;

namespace MlNetNeural.Neural.Tests.Kernels;

/// <summary>
/// Adam's and AdamW's vectorized update at every length 0–256 gives each element the bits the scalar
/// loop gives it alone (a one-element parameter never reaches the vector body), over several steps.
/// </summary>
public class AdamVectorTests
{
    [Theory]
    [InlineData(false, 0.0, 0.9)]
    [InlineData(false, 0.01, 0.9)]
    [InlineData(true, 0.01, 0.9)]
    [InlineData(false, 0.0, 0.3)] // 1 − β₁ ≥ 0.5: torch.lerp's other form
    public void VectorBodyEqualsScalarLoopAtEveryLength(bool decoupled, double weightDecay, double beta1)
    {
        var random = new Random(11);
        for (int length = 0; length <= 256; length++)
        {
            var values = new float[length];
            var gradient = new float[length];
            for (int i = 0; i < length; i++)
            {
                values[i] = (float)(random.NextDouble() - 0.5);
            }

            float[][] single = Array.ConvertAll(values, v => new[] { v });
            float[][] singleGradient = Array.ConvertAll(values, _ => new float[1]);
            Optimizer<float> whole = Create(decoupled, weightDecay, beta1);
            Optimizer<float> perElement = Create(decoupled, weightDecay, beta1);
            OptimizerParameter<float>[] wholeParameters = [new(values, gradient, IsWeight: true)];
            var elementParameters = new OptimizerParameter<float>[length];
            for (int i = 0; i < length; i++)
            {
                elementParameters[i] = new(single[i], singleGradient[i], IsWeight: true);
            }

            for (int step = 0; step < 3; step++)
            {
                for (int i = 0; i < length; i++)
                {
                    gradient[i] = singleGradient[i][0] = (float)(random.NextDouble() - 0.5);
                }

                whole.Step(wholeParameters, 0.01f);
                perElement.Step(elementParameters, 0.01f);
            }

            for (int i = 0; i < length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(values[i]) == BitConverter.SingleToInt32Bits(single[i][0]),
                    $"Length {length}, element {i}: {values[i]:R} vs {single[i][0]:R}.");
            }
        }
    }

    private static Optimizer<float> Create(bool decoupled, double weightDecay, double beta1) => decoupled
        ? new AdamWOptimizer<float>(beta1, 0.999, 1e-8, weightDecay)
        : new AdamOptimizer<float>(beta1, 0.999, 1e-8, weightDecay);
}
