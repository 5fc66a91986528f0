using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural.Optimizers;

/// <summary>
/// Base of every optimizer: it owns the per-parameter state (moment estimates, momentum buffers)
/// and has one verb, <see cref="Step"/>.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> in production, <see cref="double"/> in tests.</typeparam>
/// <remarks>
/// State is allocated lazily, per parameter index, on the first <see cref="Step"/>, sized from the
/// arrays passed then; later steps allocate nothing and must pass the same number of parameters
/// with the same lengths, in the same order. <see cref="Reset"/> forgets the state so the next
/// step starts afresh (and may use new shapes).
/// </remarks>
public abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _buffersPerParameter;
    private T[][][]? _state;
    private int[]? _lengths;

    /// <summary>Creates an optimizer that keeps <paramref name="buffersPerParameter"/> arrays of state per parameter.</summary>
    /// <param name="buffersPerParameter">How many state arrays, each as long as the parameter, the update rule needs.</param>
    private protected Optimizer(int buffersPerParameter)
    {
        _buffersPerParameter = buffersPerParameter;
    }

    /// <summary>How many steps have been taken since construction or the last <see cref="Reset"/>; 1 during the first step.</summary>
    public long StepCount { get; private set; }

    /// <summary>Updates every parameter in place from its gradient.</summary>
    /// <param name="parameters">The parameters; the same count and lengths, in the same order, at every step.</param>
    /// <param name="learningRate">The learning rate for this step; finite and non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is negative or not finite.</exception>
    /// <exception cref="ArgumentException">A parameter has no arrays, its gradient length differs from its value length, or the shapes changed since the first step.</exception>
    public void Step(IReadOnlyList<OptimizerParameter<T>> parameters, T learningRate)
    {
        BeginStep(parameters, learningRate);
        for (int i = 0; i < parameters.Count; i++)
        {
            Update(parameters[i], _state![i], learningRate, 0, parameters[i].Values.Length);
        }
    }

    /// <summary>
    /// A lazy step for a sparse first layer: parameter 0 is updated only in the rows listed (each
    /// <paramref name="rowWidth"/> long), every other parameter in full. Rows not listed keep their values and
    /// state untouched, as TensorFlow's LazyAdam and PyTorch's <c>SparseAdam</c> do; the step count (and so
    /// Adam's bias correction) advances for all.
    /// </summary>
    /// <param name="parameters">The parameters, as for <see cref="Step(IReadOnlyList{OptimizerParameter{T}}, T)"/>.</param>
    /// <param name="learningRate">The learning rate for this step.</param>
    /// <param name="firstParameterRows">Rows of parameter 0 to update, each below its length ÷ <paramref name="rowWidth"/>.</param>
    /// <param name="rowWidth">Elements per row of parameter 0.</param>
    internal void StepRows(IReadOnlyList<OptimizerParameter<T>> parameters, T learningRate, ReadOnlySpan<int> firstParameterRows, int rowWidth)
    {
        BeginStep(parameters, learningRate);
        var first = parameters[0];
        T[][] firstState = _state![0];
        for (int i = 0; i < firstParameterRows.Length; i++)
        {
            // The rows lie scattered over a large matrix: fetch a later row's values, gradient and state meanwhile.
            if (i + PrefetchAhead < firstParameterRows.Length)
            {
                PrefetchRow(first, firstState, firstParameterRows[i + PrefetchAhead] * rowWidth, rowWidth);
            }

            Update(first, firstState, learningRate, firstParameterRows[i] * rowWidth, rowWidth);
        }

        for (int i = 1; i < parameters.Count; i++)
        {
            Update(parameters[i], _state![i], learningRate, 0, parameters[i].Values.Length);
        }
    }

    private const int PrefetchAhead = 4;

    private static unsafe void PrefetchRow(OptimizerParameter<T> parameter, T[][] state, int start, int length)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        int bytes = length * sizeof(T);
        fixed (T* w = &parameter.Values[start], g = &parameter.Gradient[start])
        {
            for (int offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch0((byte*)w + offset);
                Sse.Prefetch0((byte*)g + offset);
            }
        }

        foreach (T[] buffer in state)
        {
            fixed (T* s = &buffer[start])
            {
                for (int offset = 0; offset < bytes; offset += 64)
                {
                    Sse.Prefetch0((byte*)s + offset);
                }
            }
        }
    }

    // Checks the arguments, allocates the state on the first step, and counts the step.
    private void BeginStep(IReadOnlyList<OptimizerParameter<T>> parameters, T learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!T.IsFinite(learningRate) || T.IsNegative(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learningRate must be in [0, +inf), finite.");
        }

        CheckArrays(parameters);
        if (_state is null || _lengths is null)
        {
            Allocate(parameters);
        }
        else
        {
            CheckShapes(parameters, _lengths);
        }

        StepCount++;
    }

    /// <summary>Forgets all state (moments, momentum buffers, step count); the next step behaves like the first.</summary>
    public void Reset()
    {
        _state = null;
        _lengths = null;
        StepCount = 0;
    }

    /// <summary>Applies the update rule to one parameter.</summary>
    /// <param name="parameter">The parameter, already checked: both arrays present and of equal length.</param>
    /// <param name="state">This parameter's state arrays, as many as the constructor asked for, each as long as the parameter.</param>
    /// <param name="learningRate">The learning rate for this step.</param>
    /// <param name="start">First element to update (the same index in the values, gradient and state).</param>
    /// <param name="length">Number of elements to update.</param>
    private protected abstract void Update(OptimizerParameter<T> parameter, T[][] state, T learningRate, int start, int length);

    /// <summary><c>torch.lerp</c>: <c>start + weight·(end − start)</c>, in the form torch uses for each half of the weight range.</summary>
    private protected static T Lerp(T start, T end, T weight) =>
        weight < T.CreateChecked(0.5) ? start + weight * (end - start) : end - (end - start) * (T.One - weight);

    /// <summary>Converts a setting held in double into the element type.</summary>
    private protected static T FromDouble(double value) => T.CreateChecked(value);

    private static void CheckArrays(IReadOnlyList<OptimizerParameter<T>> parameters)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            OptimizerParameter<T> p = parameters[i];
            if (p.Values is null || p.Gradient is null)
            {
                throw new ArgumentException(Format($"Parameter {i} has no values or no gradient array."), nameof(parameters));
            }

            if (p.Values.Length != p.Gradient.Length)
            {
                throw new ArgumentException(
                    Format($"Parameter {i} has {p.Values.Length} values but its gradient has {p.Gradient.Length}."),
                    nameof(parameters));
            }
        }
    }

    private static void CheckShapes(IReadOnlyList<OptimizerParameter<T>> parameters, int[] lengths)
    {
        if (parameters.Count != lengths.Length)
        {
            throw new ArgumentException(
                Format($"The optimizer was first stepped with {lengths.Length} parameters and now gets {parameters.Count}; call Reset() before changing parameters."),
                nameof(parameters));
        }

        for (int i = 0; i < lengths.Length; i++)
        {
            if (parameters[i].Values.Length != lengths[i])
            {
                throw new ArgumentException(
                    Format($"Parameter {i} had {lengths[i]} elements at the first step and now has {parameters[i].Values.Length}; call Reset() before changing parameters."),
                    nameof(parameters));
            }
        }
    }

    private void Allocate(IReadOnlyList<OptimizerParameter<T>> parameters)
    {
        var lengths = new int[parameters.Count];
        var state = new T[parameters.Count][][];
        for (int i = 0; i < parameters.Count; i++)
        {
            lengths[i] = parameters[i].Values.Length;
            state[i] = new T[_buffersPerParameter][];
            for (int b = 0; b < _buffersPerParameter; b++)
            {
                state[i][b] = new T[lengths[i]];
            }
        }

        _lengths = lengths;
        _state = state;
    }

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
