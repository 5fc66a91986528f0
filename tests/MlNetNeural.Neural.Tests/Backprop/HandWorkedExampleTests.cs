using MlNetNeural.Neural;
using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Regularization;
using Xunit;

namespace MlNetNeural.Neural.Tests.Backprop;

/// <summary>
/// One step of a 2 → 2 → 1 network worked by hand.
/// </summary>
/// <remarks>
/// Network: hidden layer sigmoid, output layer identity (a logit), binary cross-entropy.
/// <code>
/// x  = (1, 2),  target t = 1
/// W1 = [[1, −0.5], [−1, 0.5]],  b1 = (0, 0)
/// W2 = [[2, −1]],               b2 = (−0.5)
///
/// forward
///   z1 = W1·x + b1 = (1 − 1, −1 + 1) = (0, 0)
///   h  = σ(z1)     = (0.5, 0.5)
///   z2 = W2·h + b2 = 1 − 0.5 − 0.5 = 0
///   p  = σ(0)      = 0.5
///   L  = −log p    = log 2 ≈ 0.693147
///
/// backward
///   δ2  = p − t          = −0.5
///   dW2 = δ2·h           = (−0.25, −0.25)
///   db2 = δ2             = −0.5
///   dh  = δ2·W2          = (−1, 0.5)
///   δ1  = dh ⊙ h(1 − h)  = (−1·0.25, 0.5·0.25) = (−0.25, 0.125)
///   dW1 = δ1ᵀ·x          = [[−0.25, −0.5], [0.125, 0.25]]
///   db1 = δ1             = (−0.25, 0.125)
///
/// with L2 = 0.1 (penalty (0.1/2)·ΣW², ΣW² = 1 + 0.25 + 1 + 0.25 + 4 + 1 = 7.5)
///   objective = log 2 + 0.375
///   dW1 += 0.1·W1 → [[−0.15, −0.55], [0.025, 0.30]]
///   dW2 += 0.1·W2 → (−0.05, −0.35); biases unchanged
/// </code>
/// All intermediate values are exact in binary floating point, so the assertions are tight.
/// </remarks>
public class HandWorkedExampleTests
{
    private static ParameterSet<double> Parameters() => new(
        2,
        [2, 1],
        [[1.0, -0.5, -1.0, 0.5], [2.0, -1.0]],
        [[0.0, 0.0], [-0.5]]);

    private static Backpropagation<double> Engine(Regularizer? regularizer = null) => new(
        2, [2, 1], [Activation.Sigmoid, Activation.Identity], 4, new BinaryCrossEntropyLoss<double>(), regularizer);

    [Fact]
    public void LossAndGradientsMatchTheHandComputation()
    {
        Backpropagation<double> engine = Engine();
        ParameterSet<double> g = engine.CreateParameterSet();
        double objective = engine.ComputeGradients(Parameters(), [1.0, 2.0], 1, [1.0], [], g);

        Assert.Equal(Math.Log(2), objective, 15);
        Assert.Equal([-0.25, -0.25], g.Weights[1]);
        Assert.Equal([-0.5], g.Biases[1]);
        Assert.Equal([-0.25, -0.5, 0.125, 0.25], g.Weights[0]);
        Assert.Equal([-0.25, 0.125], g.Biases[0]);
    }

    [Fact]
    public void WithL2TheWeightGradientsGainLambdaTimesW()
    {
        Backpropagation<double> engine = Engine(new Regularizer(0, 0.1));
        ParameterSet<double> g = engine.CreateParameterSet();
        double objective = engine.ComputeGradients(Parameters(), [1.0, 2.0], 1, [1.0], [], g);

        Assert.Equal(Math.Log(2) + 0.375, objective, 15);
        Assert.Equal(0.375, engine.LastPenalty, 15);
        double[] expectedW1 = [-0.15, -0.55, 0.025, 0.30];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expectedW1[i], g.Weights[0][i], 15);
        }

        Assert.Equal(-0.05, g.Weights[1][0], 15);
        Assert.Equal(-0.35, g.Weights[1][1], 15);
        Assert.Equal([-0.25, 0.125], g.Biases[0]);
    }

    [Fact]
    public void ASecondRowWithZeroWeightChangesNothing()
    {
        Backpropagation<double> engine = Engine();
        ParameterSet<double> g = engine.CreateParameterSet();
        double objective = engine.ComputeGradients(Parameters(), [1.0, 2.0, -3.0, 7.0], 2, [1.0, 0.0], [1.0, 0.0], g);

        Assert.Equal(Math.Log(2), objective, 15);
        Assert.Equal([-0.25, -0.5, 0.125, 0.25], g.Weights[0]);
    }
}
