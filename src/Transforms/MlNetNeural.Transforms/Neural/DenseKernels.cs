using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace MlNetNeural.Neural;

/// <summary>
/// A dense layer's forward product, shared by prediction and training (the backward products are the trainers'
/// <c>DenseBackwardKernels</c>).
/// </summary>
/// <remarks>
/// All matrices are row-major spans. With a batch of <c>rows</c> examples, a layer with
/// <c>inputSize</c> inputs and <c>outputSize</c> outputs has inputs A (rows × in), weights
/// W (out × in), bias b (out), pre-activations Z (rows × out) and deltas δ = ∂L/∂Z (rows × out):
/// <list type="bullet">
/// <item>forward: Z = A·Wᵀ + b (<see cref="Forward{T}"/>);</item>
/// <item>weight gradient: dW += δᵀ·A (<c>DenseBackwardKernels.AccumulateWeightGradient</c>);</item>
/// <item>bias gradient: db += Σ_rows δ (<c>DenseBackwardKernels.AccumulateBiasGradient</c>);</item>
/// <item>input deltas: dA = δ·W (<c>DenseBackwardKernels.BackpropagateDelta</c>).</item>
/// </list>
/// In float32 the products (this one and the trainers' two) run on the packed, blocked <see cref="Gemm"/> (no transposed copy
/// of any operand: W out × in is op(B) = Wᵀ for the forward pass, δ is op(A) = δᵀ for the weight
/// gradient), so training results are deterministic for any thread count. In other element types
/// (double, for gradient checks) they are the straightforward forms, where every inner loop is a
/// <see cref="TensorPrimitives"/> dot product or axpy over a contiguous row, and zero deltas are
/// skipped. Single-row prediction uses <see cref="MatrixVector"/>, which sums in the GEMM's order.
/// </remarks>
internal static class DenseKernels
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

        if (typeof(T) == typeof(float))
        {
            // Z starts as the bias in every row, then Z += A·Wᵀ.
            Span<float> z = MemoryMarshal.Cast<T, float>(outputs);
            ReadOnlySpan<float> bias = MemoryMarshal.Cast<T, float>(biases).Slice(0, outputSize);
            for (int r = 0; r < rows; r++)
            {
                bias.CopyTo(z.Slice(r * outputSize, outputSize));
            }

            Gemm.Multiply(rows, outputSize, inputSize, MemoryMarshal.Cast<T, float>(inputs), inputSize, false,
                MemoryMarshal.Cast<T, float>(weights), inputSize, true, z, outputSize, accumulate: true);
            return;
        }

        ForwardByRows(inputs, rows, inputSize, weights, biases, outputSize, outputs);
    }

    /// <summary>
    /// Computes Z = A·Wᵀ + b one output at a time: zₒ = <see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>(a, Wₒ) + bₒ.
    /// </summary>
    /// <remarks>
    /// The reference form of <see cref="Forward{T}"/>, and its implementation for element types other than
    /// float (double, for gradient checks): each output a <see cref="TensorPrimitives"/> dot product.
    /// </remarks>
    /// <typeparam name="T">float in production, double in tests.</typeparam>
    /// <param name="inputs">A, rows × <paramref name="inputSize"/>.</param>
    /// <param name="rows">Number of examples.</param>
    /// <param name="inputSize">Width of A and of each row of W.</param>
    /// <param name="weights">W, <paramref name="outputSize"/> × <paramref name="inputSize"/>.</param>
    /// <param name="biases">b, <paramref name="outputSize"/> values.</param>
    /// <param name="outputSize">Number of outputs of the layer.</param>
    /// <param name="outputs">Z, rows × <paramref name="outputSize"/>; overwritten.</param>
    /// <exception cref="ArgumentException">A span is shorter than its stated shape.</exception>
    public static void ForwardByRows<T>(
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

    internal static void CheckShape(int rows, int inputSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
    }

    internal static void CheckLength(int actual, int required, string name)
    {
        if (actual < required)
        {
            throw new ArgumentException($"{name} has {actual} values but the shape needs {required}.", name);
        }
    }
}
