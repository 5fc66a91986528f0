using System.Runtime.InteropServices;
using MlNetNeural.Neural.Optimizers;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>
/// Our optimizers against TorchSharp's <c>torch.optim</c> ports as an independent reference: the same
/// starting values, the same gradient sequence (state dependent: g = 0.5·w + noise) and a changing
/// learning rate give the same values after 30 steps. Weight decay goes to the weight group only,
/// as ours skips biases.
/// </summary>
public sealed class OptimizerReferenceTests
{
    private const int Steps = 30;

    public static TheoryData<OptimizerKind, double> Cases() => new()
    {
        { OptimizerKind.Sgd, 0 },
        { OptimizerKind.Sgd, 0.1 },
        { OptimizerKind.Momentum, 0 },
        { OptimizerKind.Momentum, 0.1 },
        { OptimizerKind.Nesterov, 0.1 },
        { OptimizerKind.RMSprop, 0 },
        { OptimizerKind.RMSprop, 0.1 },
        { OptimizerKind.Adam, 0 },
        { OptimizerKind.Adam, 0.1 },
        { OptimizerKind.AdamW, 0.1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OptimizerCrossCheck_TorchOptim(OptimizerKind kind, double decay)
    {
        var settings = kind == OptimizerKind.AdamW ? new OptimizerSettings { DecoupledWeightDecay = decay } : new OptimizerSettings { WeightDecay = decay };
        var random = new Random(3);
        float[] weights = CrossCheck.Normal(random, 12), biases = CrossCheck.Normal(random, 4);
        float[] weightGradient = new float[12], biasGradient = new float[4];
        var ours = OptimizerFactory.Create<float>(kind, settings);
        OptimizerParameter<float>[] parameters = [new(weights, weightGradient, true), new(biases, biasGradient, false)];

        using var scope = NewDisposeScope();
        var w = new Parameter(tensor(weights.ToArray()));
        var b = new Parameter(tensor(biases.ToArray()));
        var reference = TorchOptimizer(kind, settings, w, b);

        for (int step = 0; step < Steps; step++)
        {
            float rate = (float)(0.02 * (1 + 0.5 * Math.Cos(step)));
            Gradient(weights, CrossCheck.Normal(random, 12, 0.1), weightGradient);
            Gradient(biases, CrossCheck.Normal(random, 4, 0.1), biasGradient);
            ours.Step(parameters, rate);

            w.grad = tensor(weightGradient.ToArray());
            b.grad = tensor(biasGradient.ToArray());
            foreach (var group in reference.ParamGroups)
                group.LearningRate = rate;
            reference.step();
        }

        CrossCheck.Arrays(weights, MemoryMarshal.Cast<byte, float>(w.bytes), 1e-5, $"{kind} weights after {Steps} steps");
        CrossCheck.Arrays(biases, MemoryMarshal.Cast<byte, float>(b.bytes), 1e-5, $"{kind} biases after {Steps} steps");
    }

    private static void Gradient(float[] values, float[] noise, float[] gradient)
    {
        for (int i = 0; i < values.Length; i++)
            gradient[i] = 0.5f * values[i] + noise[i];
    }

    private static OptimizerHelper TorchOptimizer(OptimizerKind kind, OptimizerSettings s, Parameter w, Parameter b) => kind switch
    {
        OptimizerKind.Sgd => optim.SGD([new SGD.ParamGroup([w], weight_decay: s.WeightDecay), new SGD.ParamGroup([b])], 0.01),
        OptimizerKind.Momentum or OptimizerKind.Nesterov => optim.SGD(
            [new SGD.ParamGroup([w], momentum: s.Momentum, weight_decay: s.WeightDecay, nesterov: kind == OptimizerKind.Nesterov),
             new SGD.ParamGroup([b], momentum: s.Momentum, nesterov: kind == OptimizerKind.Nesterov)], 0.01, s.Momentum, nesterov: kind == OptimizerKind.Nesterov),
        OptimizerKind.RMSprop => optim.RMSProp(
            [new RMSProp.ParamGroup([w], eps: s.Epsilon, alpha: s.Rho, weight_decay: s.WeightDecay), new RMSProp.ParamGroup([b], eps: s.Epsilon, alpha: s.Rho)], 0.01, s.Rho, s.Epsilon),
        OptimizerKind.Adam => optim.Adam(
            [new Adam.ParamGroup([w], beta1: s.Beta1, beta2: s.Beta2, eps: s.Epsilon, weight_decay: s.WeightDecay), new Adam.ParamGroup([b], beta1: s.Beta1, beta2: s.Beta2, eps: s.Epsilon)]),
        OptimizerKind.AdamW => optim.AdamW(
            [new AdamW.ParamGroup([w], beta1: s.Beta1, beta2: s.Beta2, eps: s.Epsilon, weight_decay: s.DecoupledWeightDecay), new AdamW.ParamGroup([b], beta1: s.Beta1, beta2: s.Beta2, eps: s.Epsilon, weight_decay: 0)]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
