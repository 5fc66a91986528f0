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
/// with the same lengths, in the same order (a fit with other shapes makes a new optimizer).
/// </remarks>
internal abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _buffersPerParameter;
    private ParameterState<T>[]? _state;
    private int[]? _lengths;

    /// <summary>Creates an optimizer that keeps <paramref name="buffersPerParameter"/> arrays of state per parameter.</summary>
    /// <param name="buffersPerParameter">How many state arrays, each as long as the parameter, the update rule needs.</param>
    private protected Optimizer(int buffersPerParameter)
    {
        _buffersPerParameter = buffersPerParameter;
    }

    /// <summary>How many steps have been taken since construction (or since the restored state's); 1 during the first step.</summary>
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
            Update(parameters[i].Values, parameters[i].Gradient, _state![i], 0, learningRate, parameters[i].IsWeight);
        }
    }

    /// <summary>
    /// Starts a lazy step for a sparse first layer: the caller then updates parameter 0 row by row with
    /// <see cref="UpdateRow"/>, only in the rows of the batch's input columns (a row's gradient need not live in
    /// parameter 0's gradient array); every other parameter is updated here, in full. Rows not updated keep their
    /// values and state untouched, as TensorFlow's LazyAdam and PyTorch's <c>SparseAdam</c> do; the step count (and so
    /// Adam's bias correction) advances for all.
    /// </summary>
    /// <param name="parameters">The parameters, as for <see cref="Step(IReadOnlyList{OptimizerParameter{T}}, T)"/>.</param>
    /// <param name="learningRate">The learning rate for this step.</param>
    internal void BeginRowStep(IReadOnlyList<OptimizerParameter<T>> parameters, T learningRate)
    {
        BeginStep(parameters, learningRate, firstGradientElsewhere: true);
        PrepareStep();
        for (int i = 1; i < parameters.Count; i++)
        {
            Update(parameters[i].Values, parameters[i].Gradient, _state![i], 0, learningRate, parameters[i].IsWeight);
        }
    }

    /// <summary>
    /// Updates one row of parameter 0 from <paramref name="gradient"/> within a step begun by <see cref="BeginRowStep"/>.
    /// Distinct rows may be updated from different threads at once: a row's update reads and writes only that row's
    /// values and state.
    /// </summary>
    /// <param name="first">Parameter 0, as passed to <see cref="BeginRowStep"/>.</param>
    /// <param name="row">The row, below parameter 0's length ÷ <paramref name="rowWidth"/>.</param>
    /// <param name="rowWidth">Elements per row.</param>
    /// <param name="gradient">The row's gradient, <paramref name="rowWidth"/> long.</param>
    /// <param name="learningRate">The step's learning rate.</param>
    internal void UpdateRow(OptimizerParameter<T> first, int row, int rowWidth, ReadOnlySpan<T> gradient, T learningRate)
    {
        int start = row * rowWidth;
        Update(first.Values.AsSpan(start, rowWidth), gradient, _state![0], start, learningRate, first.IsWeight);
    }

    /// <summary>Asks the memory system for a row of parameter 0's values and state, ahead of its <see cref="UpdateRow"/>.</summary>
    internal unsafe void PrefetchRow(OptimizerParameter<T> first, int row, int rowWidth)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        int start = row * rowWidth;
        int bytes = rowWidth * sizeof(T);
        fixed (T* w = &first.Values[start])
        {
            for (int offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch0((byte*)w + offset);
            }
        }

        var state = _state![0];
        for (int b = 0; b < state.Count; b++)
        {
            fixed (T* s = state.Buffer(b, start, rowWidth))
            {
                for (int offset = 0; offset < bytes; offset += 64)
                {
                    Sse.Prefetch0((byte*)s + offset);
                }
            }
        }
    }

    /// <summary>Computes what every element's update in this step shares (Adam's bias corrections), before rows are updated in parallel.</summary>
    private protected virtual void PrepareStep()
    {
    }

    // Checks the arguments, allocates the state on the first step, and counts the step.
    // firstGradientElsewhere: parameter 0's gradient rows are passed to UpdateRow, so its gradient array may be empty.
    private void BeginStep(IReadOnlyList<OptimizerParameter<T>> parameters, T learningRate, bool firstGradientElsewhere = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!T.IsFinite(learningRate) || T.IsNegative(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learningRate must be in [0, +inf), finite.");
        }

        CheckArrays(parameters, firstGradientElsewhere);
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

    /// <summary>Applies the update rule to a stretch of one parameter.</summary>
    /// <param name="values">The parameter's values to update.</param>
    /// <param name="gradient">Their gradient, as long as <paramref name="values"/>.</param>
    /// <param name="state">This parameter's state buffers, as many as the constructor asked for, each as long as the parameter.</param>
    /// <param name="start">Where <paramref name="values"/> begins in the parameter (and so in each state array).</param>
    /// <param name="learningRate">The learning rate for this step.</param>
    /// <param name="isWeight">Whether the parameter is a weight matrix (weight decay applies).</param>
    private protected abstract void Update(Span<T> values, ReadOnlySpan<T> gradient, ParameterState<T> state, int start, T learningRate, bool isWeight);

    /// <summary>How many state buffers each parameter has (0 for plain SGD).</summary>
    internal int BuffersPerParameter => _buffersPerParameter;

    /// <summary>State buffer <paramref name="buffer"/> of parameter <paramref name="parameter"/>, after the first step.</summary>
    internal ReadOnlySpan<T> StateOf(int parameter, int buffer) =>
        (_state ?? throw new InvalidOperationException("No step has been taken."))[parameter].Buffer(buffer);

    /// <summary>Whether a step has allocated the state (a checkpoint saves it only then).</summary>
    internal bool HasState => _state is not null;

    /// <summary>
    /// Allocates zeroed state for <paramref name="parameters"/> and sets the step count, so a checkpoint's buffers can be
    /// written into <see cref="StateToRestore"/> and the next step continues as if every earlier step had been taken here.
    /// </summary>
    internal void PrepareRestore(IReadOnlyList<OptimizerParameter<T>> parameters, long stepCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        Allocate(parameters);
        StepCount = stepCount;
    }

    /// <summary>State buffer <paramref name="buffer"/> of parameter <paramref name="parameter"/>, to fill after <see cref="PrepareRestore"/>.</summary>
    internal Span<T> StateToRestore(int parameter, int buffer) => _state![parameter].Buffer(buffer);

    /// <summary><c>torch.lerp</c>: <c>start + weight·(end − start)</c>, in the form torch uses for each half of the weight range.</summary>
    private protected static T Lerp(T start, T end, T weight) =>
        weight < T.CreateChecked(0.5) ? start + weight * (end - start) : end - (end - start) * (T.One - weight);

    /// <summary>Converts a setting held in double into the element type.</summary>
    private protected static T FromDouble(double value) => T.CreateChecked(value);

    private static void CheckArrays(IReadOnlyList<OptimizerParameter<T>> parameters, bool firstGradientElsewhere)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            OptimizerParameter<T> p = parameters[i];
            if (p.Values is null || p.Gradient is null)
            {
                throw new ArgumentException(Format($"Parameter {i} has no values or no gradient array."), nameof(parameters));
            }

            if (p.Values.Length != p.Gradient.Length && !(i == 0 && firstGradientElsewhere))
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
                Format($"The optimizer was first stepped with {lengths.Length} parameters and now gets {parameters.Count}: an optimizer steps one set of parameters."),
                nameof(parameters));
        }

        for (int i = 0; i < lengths.Length; i++)
        {
            if (parameters[i].Values.Length != lengths[i])
            {
                throw new ArgumentException(
                    Format($"Parameter {i} had {lengths[i]} elements at the first step and now has {parameters[i].Values.Length}: an optimizer steps one set of parameters."),
                    nameof(parameters));
            }
        }
    }

    private void Allocate(IReadOnlyList<OptimizerParameter<T>> parameters)
    {
        var lengths = new int[parameters.Count];
        var state = new ParameterState<T>[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            lengths[i] = parameters[i].Values.Length;
            state[i] = ParameterState<T>.Allocate(parameters[i].Values, _buffersPerParameter);
        }

        _lengths = lengths;
        _state = state;
    }

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
