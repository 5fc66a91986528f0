using System.Runtime.InteropServices;
using MlNetNeural.Neural;
using MlNetNeural.Neural.Dropout;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Training.Backends;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MlNetNeural.TorchSharp;

/// <summary>
/// One training run's engine on TorchSharp autograd: the same objective as the managed
/// <c>Backpropagation</c>, written with torch operators and differentiated by libtorch.
/// </summary>
/// <remarks>
/// Weights, activations and the backward pass are float32, as in the managed engine; the loss and
/// the penalty are evaluated in float64, as the managed losses accumulate in double. Every tensor
/// made by a call lives in that call's dispose scope, so nothing leaks and nothing is freed twice.
/// </remarks>
internal sealed class TorchSharpEngine : IGradientEngine
{
    // Rows per forward pass of EvaluateLoss and Forward: bounds the memory of large validation sets.
    private const int EvaluationChunk = 8192;
    private static readonly double Log2 = Math.Log(2.0);

    private readonly NetworkSpec _spec;
    private readonly int[] _layerSizes;
    private readonly EngineContract<float> _contract;
    private readonly Activation[] _activations;

    public TorchSharpEngine(NetworkSpec spec)
    {
        _spec = spec;
        _layerSizes = [.. spec.LayerSizes];
        _contract = new EngineContract<float>(spec.InputSize, spec.LayerSizes);
        _activations = [.. spec.Activations];
    }

    private int OutputSize => _layerSizes[^1];

    /// <summary>Rejects, before libtorch is loaded, anything this backend cannot compute.</summary>
    /// <exception cref="NotSupportedException">The message names the backend and the setting.</exception>
    /// <exception cref="ArgumentException">The shape is inconsistent.</exception>
    public static void CheckSupported(NetworkSpec spec)
    {
        if (spec.LayerSizes is null || spec.Activations is null || spec.LayerSizes.Count == 0 || spec.LayerSizes.Count != spec.Activations.Count)
            throw new ArgumentException($"TorchSharp backend: the network needs at least one layer and one activation per layer; got {spec.LayerSizes?.Count ?? 0} layers and {spec.Activations?.Count ?? 0} activations.", nameof(spec));
        if (spec.InputSize < 1 || spec.MaxBatchSize < 1 || spec.LayerSizes.Any(size => size < 1))
            throw new ArgumentException($"TorchSharp backend: sizes must be positive (input {spec.InputSize}, layers [{string.Join(", ", spec.LayerSizes)}], batch {spec.MaxBatchSize}).", nameof(spec));
        for (int l = 0; l < spec.Activations.Count; l++)
        {
            if (!Enum.IsDefined(spec.Activations[l]))
                throw new NotSupportedException($"TorchSharp backend: layer {l} has activation {(int)spec.Activations[l]}, which this backend does not support (supported: {string.Join(", ", Enum.GetNames<Activation>())}).");
        }
        if (!Enum.IsDefined(spec.Loss))
            throw new NotSupportedException($"TorchSharp backend: loss function {(int)spec.Loss} is not supported (supported: {string.Join(", ", Enum.GetNames<LossFunction>())}).");
        if (spec.Loss == LossFunction.Huber && !(spec.HuberDelta > 0 && double.IsFinite(spec.HuberDelta)))
            throw new NotSupportedException($"TorchSharp backend: the Huber delta must be finite and positive but is {spec.HuberDelta}.");
        if (!(spec.L1 >= 0 && double.IsFinite(spec.L1)) || !(spec.L2 >= 0 && double.IsFinite(spec.L2)))
            throw new NotSupportedException($"TorchSharp backend: L1 ({spec.L1}) and L2 ({spec.L2}) must be finite and non-negative.");
    }

    /// <inheritdoc />
    public double ComputeGradients(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets,
        ReadOnlySpan<float> exampleWeights, ParameterSet<float> gradients, DropoutMasks<float>? dropout)
    {
        _contract.Parameters(parameters, nameof(parameters));
        _contract.Parameters(gradients, nameof(gradients));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, _spec.MaxBatchSize);
        _contract.Batch(inputs, targets, exampleWeights, rows);
        _contract.Dropout(dropout, rows);

        try
        {
            using var scope = NewDisposeScope();
            using var gradientMode = enable_grad();
            int layers = _layerSizes.Length;
            var leaves = new Tensor[layers];
            var biases = new Tensor[layers];
            for (int l = 0; l < layers; l++)
            {
                leaves[l] = WeightLeaf(parameters, l).requires_grad_(true);
                biases[l] = FromSpan(parameters.Biases[l], _layerSizes[l]).requires_grad_(true);
            }
            var weights = leaves.Select(AsOutByIn).ToArray();

            var masks = new Tensor?[layers - 1];
            for (int l = 0; l < layers - 1 && dropout is not null; l++)
            {
                if (dropout.GetRate(l) > 0)
                    masks[l] = FromSpan(dropout.GetMask(l), rows, _layerSizes[l]);
            }

            var (x, t, w, totalWeight) = Batch(inputs, targets, exampleWeights, rows, masks);
            Tensor objective = Penalty(weights);
            if (totalWeight > 0)
            {
                var output = RunForward(weights, biases, x, masks);
                objective = objective + DataLoss(output, t, w, totalWeight);
            }

            gradients.Clear();
            if (objective.requires_grad)
            {
                objective.backward();
                for (int l = 0; l < layers; l++)
                {
                    CopyGradient(leaves[l], gradients.Weights[l]);
                    CopyGradient(biases[l], gradients.Biases[l]);
                }
            }
            return objective.item<double>();
        }
        catch (ExternalException e)
        {
            throw new InvalidOperationException($"TorchSharp backend: computing the gradients failed: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public double EvaluateLoss(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, ReadOnlySpan<float> targets, ReadOnlySpan<float> exampleWeights)
    {
        _contract.Parameters(parameters, nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        _contract.Batch(inputs, targets, exampleWeights, rows);

        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var (weights, biases) = Parameters(parameters);
        var noMasks = new Tensor?[_layerSizes.Length - 1];
        double weightedSum = 0, totalWeight = 0;
        for (int start = 0; start < rows; start += EvaluationChunk)
        {
            int n = Math.Min(EvaluationChunk, rows - start);
            var (x, t, w, chunkWeight) = Batch(inputs.Slice(start * _spec.InputSize, n * _spec.InputSize), targets.Slice(start * OutputSize, n * OutputSize),
                exampleWeights.IsEmpty ? default : exampleWeights.Slice(start, n), n, noMasks);
            if (chunkWeight > 0)
                weightedSum += DataLoss(RunForward(weights, biases, x, noMasks), t, w, chunkWeight).item<double>() * chunkWeight;
            totalWeight += chunkWeight;
        }
        return totalWeight == 0 ? 0 : weightedSum / totalWeight;
    }

    /// <inheritdoc />
    public void Forward(ParameterSet<float> parameters, ReadOnlySpan<float> inputs, int rows, Span<float> outputs)
    {
        _contract.Parameters(parameters, nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        _contract.Inputs(inputs, rows);
        _contract.Outputs(outputs, rows);

        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var (weights, biases) = Parameters(parameters);
        var noMasks = new Tensor?[_layerSizes.Length - 1];
        for (int start = 0; start < rows; start += EvaluationChunk)
        {
            int n = Math.Min(EvaluationChunk, rows - start);
            var x = FromSpan(inputs.Slice(start * _spec.InputSize, n * _spec.InputSize), n, _spec.InputSize);
            ToSpan(RunForward(weights, biases, x, noMasks), outputs.Slice(start * OutputSize, n * OutputSize));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Tensors live only within each call's dispose scope; the engine holds no native memory.
    }

    private (Tensor[] Weights, Tensor[] Biases) Parameters(ParameterSet<float> parameters)
    {
        var weights = new Tensor[_layerSizes.Length];
        var biases = new Tensor[_layerSizes.Length];
        for (int l = 0; l < _layerSizes.Length; l++)
        {
            weights[l] = AsOutByIn(WeightLeaf(parameters, l), l);
            biases[l] = FromSpan(parameters.Biases[l], _layerSizes[l]);
        }
        return (weights, biases);
    }

    // A weight matrix as stored: out × in, except a sparse-input network's first layer, which the managed
    // engine keeps input-major (NetworkSpec.InputMajorFirstLayer). Its gradient then comes back in that layout.
    private Tensor WeightLeaf(ParameterSet<float> parameters, int layer) =>
        layer == 0 && _spec.InputMajorFirstLayer
            ? FromSpan(parameters.Weights[0], _spec.InputSize, _layerSizes[0])
            : FromSpan(parameters.Weights[layer], _layerSizes[layer], parameters.LayerInputSize(layer));

    private Tensor AsOutByIn(Tensor leaf, int layer) => layer == 0 && _spec.InputMajorFirstLayer ? leaf.t() : leaf;

    /// <summary>
    /// The batch as tensors: features (float32), targets and weights (float64), and Σw. Rows of
    /// weight 0 are dropped (with their dropout rows), as the managed losses never read them.
    /// </summary>
    private (Tensor X, Tensor T, Tensor W, double TotalWeight) Batch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets,
        ReadOnlySpan<float> exampleWeights, int rows, Tensor?[] masks)
    {
        var x = FromSpan(inputs, rows, _spec.InputSize);
        var t = FromSpan(targets, rows, OutputSize).to_type(ScalarType.Float64);
        if (exampleWeights.IsEmpty)
            return (x, t, ones(rows, ScalarType.Float64), rows);

        double total = 0;
        int positive = 0;
        foreach (float weight in exampleWeights)
        {
            if (!(weight >= 0) || float.IsInfinity(weight))
                throw new ArgumentException($"Example weights must be finite and non-negative; found {weight}.", nameof(exampleWeights));
            total += weight;
            positive += weight > 0 ? 1 : 0;
        }

        var w = FromSpan(exampleWeights, rows).to_type(ScalarType.Float64);
        if (positive == rows || positive == 0)
            return (x, t, w, total);

        var keep = w.gt(0).nonzero().flatten();
        for (int l = 0; l < masks.Length; l++)
        {
            if (masks[l] is { } mask)
                masks[l] = mask.index_select(0, keep);
        }
        return (x.index_select(0, keep), t.index_select(0, keep), w.index_select(0, keep), total);
    }

    private Tensor RunForward(Tensor[] weights, Tensor[] biases, Tensor x, Tensor?[] masks)
    {
        var a = x;
        for (int l = 0; l < _layerSizes.Length; l++)
        {
            var h = Activate(_activations[l], a.matmul(weights[l].t()) + biases[l]);
            if (l < _layerSizes.Length - 1 && masks[l] is { } mask)
                h = h * mask;
            a = h;
        }
        return a;
    }

    internal static Tensor Activate(Activation activation, Tensor z) => activation switch
    {
        Activation.Identity => z,
        Activation.Relu => F.relu(z),
        Activation.LeakyRelu => F.leaky_relu(z, ActivationFunctions.LeakyReluSlope),
        Activation.Elu => F.elu(z, ActivationFunctions.EluAlpha),
        Activation.Tanh => z.tanh(),
        Activation.Sigmoid => z.sigmoid(),
        Activation.Selu => F.selu(z),
        Activation.Gelu => 0.5 * z * (1 + (Math.Sqrt(2 / Math.PI) * (z + (ActivationFunctions.GeluCubic * z.pow(3)))).tanh()),
        Activation.Silu => F.silu(z),
        Activation.Mish => z * F.softplus(z).tanh(),
        _ => throw new NotSupportedException($"TorchSharp backend: activation {(int)activation} is not supported."),
    };

    /// <summary>Σᵢ wᵢ·Lᵢ / Σᵢ wᵢ with the managed losses' per-row conventions, in float64.</summary>
    private Tensor DataLoss(Tensor output, Tensor t, Tensor w, double totalWeight)
    {
        var y = output.to_type(ScalarType.Float64);
        Tensor rowLoss;
        switch (_spec.Loss)
        {
            case LossFunction.BinaryCrossEntropy:
                rowLoss = F.binary_cross_entropy_with_logits(y, t, reduction: nn.Reduction.None).mean([1]);
                break;
            case LossFunction.SoftmaxCrossEntropy:
                // Summed over classes, as CrossEntropyLoss with probability targets.
                rowLoss = -(t * F.log_softmax(y, 1)).sum(1);
                break;
            case LossFunction.MeanSquaredError:
                rowLoss = (y - t).square().mean([1]);
                break;
            case LossFunction.MeanAbsoluteError:
                rowLoss = (y - t).abs().mean([1]);
                break;
            case LossFunction.Huber:
                rowLoss = F.huber_loss(y, t, _spec.HuberDelta, nn.Reduction.None).mean([1]);
                break;
            case LossFunction.LogCosh:
                // log cosh d = |d| + log(1 + e^(−2|d|)) − log 2, which cannot overflow.
                var a = (y - t).abs();
                rowLoss = (a + F.softplus(-2 * a) - Log2).mean([1]);
                break;
            default:
                throw new NotSupportedException($"TorchSharp backend: loss function {(int)_spec.Loss} is not supported.");
        }
        return (w * rowLoss).sum() / totalWeight;
    }

    /// <summary>L1·Σ|W| + (L2/2)·ΣW² over the weight matrices (not biases), in float64.</summary>
    private Tensor Penalty(Tensor[] weights)
    {
        var penalty = zeros(1, ScalarType.Float64).squeeze();
        if (_spec.L1 == 0 && _spec.L2 == 0)
            return penalty;
        foreach (var weight in weights)
        {
            var w = weight.to_type(ScalarType.Float64);
            if (_spec.L1 > 0)
                penalty = penalty + _spec.L1 * w.abs().sum();
            if (_spec.L2 > 0)
                penalty = penalty + 0.5 * _spec.L2 * w.square().sum();
        }
        return penalty;
    }

    private static Tensor FromSpan(ReadOnlySpan<float> values, params long[] shape)
    {
        var tensor = empty(shape, ScalarType.Float32);
        values.CopyTo(MemoryMarshal.Cast<byte, float>(tensor.bytes));
        return tensor;
    }

    private static void ToSpan(Tensor tensor, Span<float> destination) =>
        MemoryMarshal.Cast<byte, float>(tensor.contiguous().bytes).CopyTo(destination);

    private static void CopyGradient(Tensor parameter, float[] destination)
    {
        if (parameter.grad is { } gradient)
            ToSpan(gradient, destination);
    }




}
