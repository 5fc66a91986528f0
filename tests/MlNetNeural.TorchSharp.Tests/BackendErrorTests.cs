using MlNetNeural.Neural;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Training.Backends;
using Xunit;

namespace MlNetNeural.TorchSharp.Tests;

/// <summary>Errors from the TorchSharp backend name the backend and the cause.</summary>
public sealed class BackendErrorTests
{
    [Fact]
    public void UnsupportedLoss_MessageNamesTorchSharpAndTheLoss()
    {
        var spec = new NetworkSpec(3, [4, 1], [Activation.Relu, Activation.Identity], 8, (LossFunction)42, 1.0, 0, 0);
        var e = Assert.Throws<NotSupportedException>(() => new TorchSharpBackend().CreateEngine(spec));
        Assert.Contains("TorchSharp", e.Message);
        Assert.Contains("loss function 42", e.Message);
    }

    [Fact]
    public void UnsupportedActivation_MessageNamesTorchSharpAndTheLayer()
    {
        var spec = new NetworkSpec(3, [4, 1], [(Activation)17, Activation.Identity], 8, LossFunction.MeanSquaredError, 1.0, 0, 0);
        var e = Assert.Throws<NotSupportedException>(() => new TorchSharpBackend().CreateEngine(spec));
        Assert.Contains("TorchSharp", e.Message);
        Assert.Contains("layer 0 has activation 17", e.Message);
    }

    [Fact]
    public void NativeLoadFailure_MessageNamesTorchSharpTheCauseAndTheFix()
    {
        var cause = new TypeInitializationException("TorchSharp.torch",
            new DllNotFoundException("/app/runtimes/linux-x64/native/libLibTorchSharp.so: version `GLIBCXX_3.4.32' not found"));
        string message = LibTorch.Describe(cause);
        Assert.StartsWith("TorchSharp backend:", message);
        Assert.Contains("DllNotFoundException", message);
        Assert.Contains("GLIBCXX_3.4.32", message);
        Assert.Contains("TorchSharpNativeFix", message);
    }

    [Fact]
    public void MismatchedBatch_IsRejectedBeforeReachingLibtorch()
    {
        var spec = new NetworkSpec(3, [2], [Activation.Identity], 4, LossFunction.MeanSquaredError, 1.0, 0, 0);
        using var engine = new TorchSharpBackend().CreateEngine(spec);
        var parameters = new ParameterSet<float>(3, [2]);
        var e = Assert.Throws<ArgumentException>(() => engine.ComputeGradients(parameters, new float[5], 2, new float[4], [1f, 1f], new ParameterSet<float>(3, [2]), null));
        Assert.Equal("inputs", e.ParamName);
    }

    [Fact]
    public void Both_engines_refuse_the_same_bad_calls_with_the_same_messages()
    {
        var spec = new NetworkSpec(3, [4, 2], [Activation.Tanh, Activation.Identity], 4, LossFunction.MeanSquaredError, 1.0, 0, 0);
        using var managed = ManagedBackend.Instance.CreateEngine(spec);
        using var torch = new TorchSharpBackend().CreateEngine(spec);
        var good = new ParameterSet<float>(3, [4, 2]);
        var calls = new (string What, Action<IGradientEngine> Call)[]
        {
            ("parameters of another shape", e => e.ComputeGradients(new ParameterSet<float>(3, [5, 2]), new float[6], 2, new float[4], default, new ParameterSet<float>(3, [4, 2]), null)),
            ("gradients of another shape", e => e.ComputeGradients(good, new float[6], 2, new float[4], default, new ParameterSet<float>(2, [4, 2]), null)),
            ("too few inputs", e => e.ComputeGradients(good, new float[5], 2, new float[4], default, new ParameterSet<float>(3, [4, 2]), null)),
            ("too many targets", e => e.EvaluateLoss(good, new float[6], 2, new float[5], default)),
            ("a weight per row missing", e => e.EvaluateLoss(good, new float[6], 2, new float[4], [1f])),
            ("outputs of the wrong length", e => e.Forward(good, new float[6], 2, new float[3])),
            ("dropout filled for other rows", e => e.ComputeGradients(good, new float[6], 2, new float[4], default, new ParameterSet<float>(3, [4, 2]),
                new MlNetNeural.Neural.Dropout.DropoutMasks<float>([4], 0.5, 4))),
        };
        foreach (var (what, call) in calls)
        {
            var fromManaged = Assert.ThrowsAny<ArgumentException>(() => call(managed));
            var fromTorch = Assert.ThrowsAny<ArgumentException>(() => call(torch));
            Assert.True(fromManaged.Message == fromTorch.Message && fromManaged.ParamName == fromTorch.ParamName,
                $"{what}: managed said '{fromManaged.Message}', TorchSharp '{fromTorch.Message}'.");
        }
    }

    [Fact]
    public void Backend_IsAvailableOnThisMachine()
    {
        // Fails with the loader's reason when the native library (or the Linux fix) is missing.
        Assert.True(TorchSharpBackend.IsAvailable(out string? reason), reason);
        Assert.Equal("TorchSharp", new TorchSharpBackend().Name);
    }
}
