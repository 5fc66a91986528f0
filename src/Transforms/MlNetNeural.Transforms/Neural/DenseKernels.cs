using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace MlNetNeural.Neural;

/// <summary>
/// The three matrix products of a dense layer, shared by prediction and training.
/// </summary>
/// <remarks>
/// All matrices are row-major spans. With a batch of <c>rows</c> examples, a layer with
/// <c>inputSize</c> inputs and <c>outputSize</c> outputs has inputs A (rows × in), weights
/// W (out × in), bias b (out), pre-activations Z (rows × out) and deltas δ = ∂L/∂Z (rows × out):
/// <list type="bullet">
/// <item>forward: Z = A·Wᵀ + b (<see cref="Forward{T}"/>);</item>
/// <item>weight gradient: dW += δᵀ·A (<see cref="AccumulateWeightGradient{T}"/>);</item>
/// <item>bias gradient: db += Σ_rows δ (<see cref="AccumulateBiasGradient{T}"/>);</item>
/// <item>input deltas: dA = δ·W (<see cref="BackpropagateDelta{T}"/>).</item>
/// </list>
/// Because W is stored out × in, each of these walks contiguous rows of W, A and dW, so every
/// inner loop is a <see cref="TensorPrimitives"/> dot product or axpy over a contiguous span.
/// These are the straightforward forms; a blocked GEMM can replace them behind the same
/// signatures. Zero deltas are skipped: ReLU, dropout and zero example weights make many.
/// </remarks>
public static class DenseKernels
{
    /// <summary>Computes Z = A·Wᵀ + b.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="inputs">A, rows × <paramref name="inputSize"/>.</param>
    /// <param name="rows">Number of examples in the batch.</param>
    /// <param name="inputSize">Width of A and of each row of W.</param>
    /// <param name="weights">W, <paramref name="outputSize"/> × <paramref name="inputSize"/>.</param>
    /// <param name="biases">b, <paramref name="outputSize"/> values.</param>
    /// <param name="outputSize">Number of outputs of the layer.</param>
    /// <param name="outputs">Z, rows × <paramref name="outputSize"/>; overwritten.</param>
    /// <exception cref="ArgumentException">A span is shorter than its stated shape.</exception>
    public static void Forward<T>(
        ReadOnlySpan<T> inputs, int rows, int inputSize,
        ReadOnlySpan<T> weights, ReadOnlySpan<T> biases, int outputSize,
        Span<T> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(rows, inputSize, outputSize);
        CheckLength(inputs.Length, rows * inputSize, nameof(inputs));
        CheckLength(weights.Length, outputSize * inputSize, nameof(weights));
        CheckLength(biases.Length, outputSize, nameof(biases));
        CheckLength(outputs.Length, rows * outputSize, nameof(outputs));

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> a = inputs.Slice(r * inputSize, inputSize);
            Span<T> z = outputs.Slice(r * outputSize, outputSize);
            for (int o = 0; o < outputSize; o++)
            {
                z[o] = TensorPrimitives.Dot(a, weights.Slice(o * inputSize, inputSize)) + biases[o];
            }
        }
    }

    /// <summary>Adds δᵀ·A to <paramref name="weightGradient"/>.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="deltas">δ, rows × <paramref name="outputSize"/>.</param>
    /// <param name="inputs">A, rows × <paramref name="inputSize"/>.</param>
    /// <param name="rows">Number of examples in the batch.</param>
    /// <param name="inputSize">Number of inputs of the layer.</param>
    /// <param name="outputSize">Number of outputs of the layer.</param>
    /// <param name="weightGradient">dW, <paramref name="outputSize"/> × <paramref name="inputSize"/>; accumulated into.</param>
    /// <exception cref="ArgumentException">A span is shorter than its stated shape.</exception>
    public static void AccumulateWeightGradient<T>(
        ReadOnlySpan<T> deltas, ReadOnlySpan<T> inputs, int rows, int inputSize, int outputSize,
        Span<T> weightGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(rows, inputSize, outputSize);
        CheckLength(deltas.Length, rows * outputSize, nameof(deltas));
        CheckLength(inputs.Length, rows * inputSize, nameof(inputs));
        CheckLength(weightGradient.Length, outputSize * inputSize, nameof(weightGradient));

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> a = inputs.Slice(r * inputSize, inputSize);
            ReadOnlySpan<T> d = deltas.Slice(r * outputSize, outputSize);
            for (int o = 0; o < outputSize; o++)
            {
                if (d[o] == T.Zero)
                {
                    continue;
                }

                Span<T> g = weightGradient.Slice(o * inputSize, inputSize);
                TensorPrimitives.MultiplyAdd(a, d[o], g, g);
            }
        }
    }

    /// <summary>Adds the column sums of δ to <paramref name="biasGradient"/>.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="deltas">δ, rows × <paramref name="outputSize"/>.</param>
    /// <param name="rows">Number of examples in the batch.</param>
    /// <param name="outputSize">Number of outputs of the layer.</param>
    /// <param name="biasGradient">db, <paramref name="outputSize"/> values; accumulated into.</param>
    /// <exception cref="ArgumentException">A span is shorter than its stated shape.</exception>
    public static void AccumulateBiasGradient<T>(
        ReadOnlySpan<T> deltas, int rows, int outputSize, Span<T> biasGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(rows, 1, outputSize);
        CheckLength(deltas.Length, rows * outputSize, nameof(deltas));
        CheckLength(biasGradient.Length, outputSize, nameof(biasGradient));

        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(biasGradient, deltas.Slice(r * outputSize, outputSize), biasGradient);
        }
    }

    /// <summary>Computes dA = δ·W, the deltas with respect to the layer's inputs.</summary>
    /// <typeparam name="T">float in production, double in gradient checks.</typeparam>
    /// <param name="deltas">δ, rows × <paramref name="outputSize"/>.</param>
    /// <param name="rows">Number of examples in the batch.</param>
    /// <param name="outputSize">Number of outputs of the layer.</param>
    /// <param name="weights">W, <paramref name="outputSize"/> × <paramref name="inputSize"/>.</param>
    /// <param name="inputSize">Number of inputs of the layer.</param>
    /// <param name="inputDeltas">dA, rows × <paramref name="inputSize"/>; overwritten.</param>
    /// <exception cref="ArgumentException">A span is shorter than its stated shape.</exception>
    public static void BackpropagateDelta<T>(
        ReadOnlySpan<T> deltas, int rows, int outputSize, ReadOnlySpan<T> weights, int inputSize,
        Span<T> inputDeltas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(rows, inputSize, outputSize);
        CheckLength(deltas.Length, rows * outputSize, nameof(deltas));
        CheckLength(weights.Length, outputSize * inputSize, nameof(weights));
        CheckLength(inputDeltas.Length, rows * inputSize, nameof(inputDeltas));

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> d = deltas.Slice(r * outputSize, outputSize);
            Span<T> da = inputDeltas.Slice(r * inputSize, inputSize);
            da.Clear();
            for (int o = 0; o < outputSize; o++)
            {
                if (d[o] == T.Zero)
                {
                    continue;
                }

                TensorPrimitives.MultiplyAdd(weights.Slice(o * inputSize, inputSize), d[o], da, da);
            }
        }
    }

    private static void CheckShape(int rows, int inputSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
    }

    private static void CheckLength(int actual, int required, string name)
    {
        if (actual < required)
        {
            throw new ArgumentException($"{name} has {actual} values but the shape needs {required}.", name);
        }
    }
}
