using System;
using System.Collections.Generic;
using MlNetNeural.Neural.Optimizers;
using Xunit;
using MlNetNeural.Neural.Tests.Support;

namespace MlNetNeural.Neural.Tests.Optimizers;

public class OptimizerStateTests
{
    public static IEnumerable<object[]> AllKinds()
    {
        foreach (OptimizerKind kind in Enum.GetValues<OptimizerKind>())
        {
            yield return new object[] { kind };
        }
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void A_large_parameters_state_buffers_never_lie_a_multiple_of_4_KB_from_its_values_or_each_other(OptimizerKind kind)
    {
        // A 16M-float first layer and its moments each get a fresh 2 MB-aligned region from the runtime: unplaced,
        // row r of every array would sit at the same offset within a 4 KB page (4K aliasing between a row's loads and
        // stores). Each pair of arrays must be at least 1 KB apart modulo 4 KB, so rows of up to 1 KB never alias.
        var optimizer = OptimizerFactory.Create<float>(kind, new OptimizerSettings { Momentum = 0.9 });
        var weights = new float[16 << 20];
        var parameter = new OptimizerParameter<float>(weights, new float[weights.Length], IsWeight: true);
        optimizer.Step([parameter], 0.1f);
        var starts = new List<long> { 0 }; // byte offsets from the values' element 0
        for (int buffer = 0; buffer < optimizer.BuffersPerParameter; buffer++)
        {
            ReadOnlySpan<float> state = optimizer.StateOf(0, buffer);
            Assert.Equal(weights.Length, state.Length);
            starts.Add((long)System.Runtime.CompilerServices.Unsafe.ByteOffset(ref weights[0],
                ref System.Runtime.InteropServices.MemoryMarshal.GetReference(state)));
        }

        Assert.True(kind == OptimizerKind.Sgd || starts.Count >= 2, $"{kind} keeps state, so it has buffers to place");
        for (int a = 0; a < starts.Count; a++)
        {
            for (int b = a + 1; b < starts.Count; b++)
                Assert.InRange(((starts[b] - starts[a]) % 4096 + 4096) % 4096, 1024, 4096 - 1024);
        }
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void ChangingALengthBetweenStepsThrows(OptimizerKind kind)
    {
        var optimizer = OptimizerFactory.Create<double>(kind);
        optimizer.Step(new[] { Parameter(3), Parameter(2) }, 0.1);

        var ex = Assert.Throws<ArgumentException>(() => optimizer.Step(new[] { Parameter(3), Parameter(4) }, 0.1));
        Assert.Contains("Parameter 1", ex.Message);
        Assert.Contains("an optimizer steps one set of parameters", ex.Message);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void ChangingTheParameterCountThrows(OptimizerKind kind)
    {
        var optimizer = OptimizerFactory.Create<double>(kind);
        optimizer.Step(new[] { Parameter(3) }, 0.1);

        Assert.Throws<ArgumentException>(() => optimizer.Step(new[] { Parameter(3), Parameter(3) }, 0.1));
    }

    [Fact]
    public void MismatchedGradientLengthThrows()
    {
        var optimizer = new AdamOptimizer<double>();
        var ex = Assert.Throws<ArgumentException>(
            () => optimizer.Step(new[] { new OptimizerParameter<double>(new double[3], new double[2], true) }, 0.1));
        Assert.Contains("gradient", ex.Message);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BadLearningRateThrows(double rate)
    {
        var optimizer = new SgdOptimizer<double>();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.Step(new[] { Parameter(1) }, rate));
        Assert.Contains("learningRate", ex.Message);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void StepsAfterTheFirstAllocateNothing(OptimizerKind kind)
    {
        var settings = new OptimizerSettings { RmsPropMomentum = 0.5, RmsPropCentered = true, WeightDecay = 0.01 };
        var optimizer = OptimizerFactory.Create<float>(kind, settings);
        var parameters = new List<OptimizerParameter<float>> { FloatParameter(100, true), FloatParameter(10, false) };
        optimizer.Step(parameters, 0.01f);
        optimizer.Step(parameters, 0.01f);

        Assert.Equal(0, Allocations.Least(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                optimizer.Step(parameters, 0.01f);
            }
        }));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void FactoryBuildsTheNamedRule(OptimizerKind kind)
    {
        Type expected = kind switch
        {
            OptimizerKind.RMSprop => typeof(RmsPropOptimizer<double>),
            OptimizerKind.Adam => typeof(AdamOptimizer<double>),
            OptimizerKind.AdamW => typeof(AdamWOptimizer<double>),
            _ => typeof(SgdOptimizer<double>),
        };
        Assert.IsType(expected, OptimizerFactory.Create<double>(kind, new OptimizerSettings()));
    }

    [Fact]
    public void FactoryMomentumKindsMatchHandBuiltOptimizers()
    {
        // Sgd ignores Momentum; Momentum and Nesterov use it. Compare two steps each against the constructor.
        var settings = new OptimizerSettings { Momentum = 0.5 };
        Assert.Equal(StepTwice(new SgdOptimizer<double>()), StepTwice(OptimizerFactory.Create<double>(OptimizerKind.Sgd, settings)));
        Assert.Equal(StepTwice(new SgdOptimizer<double>(0.5)), StepTwice(OptimizerFactory.Create<double>(OptimizerKind.Momentum, settings)));
        Assert.Equal(StepTwice(new SgdOptimizer<double>(0.5, true)), StepTwice(OptimizerFactory.Create<double>(OptimizerKind.Nesterov, settings)));
    }

    private static double StepTwice(Optimizer<double> optimizer)
    {
        var w = new[] { 1.0 };
        var parameters = new[] { new OptimizerParameter<double>(w, new[] { 0.5 }, true) };
        optimizer.Step(parameters, 0.1);
        optimizer.Step(parameters, 0.1);
        return w[0];
    }

    private static OptimizerParameter<double> Parameter(int length) =>
        new(new double[length], new double[length], true);

    private static OptimizerParameter<float> FloatParameter(int length, bool isWeight)
    {
        var values = new float[length];
        var gradient = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = 0.01f * i;
            gradient[i] = 0.1f - (0.002f * i);
        }

        return new OptimizerParameter<float>(values, gradient, isWeight);
    }
}
