using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetNeural.Neural;

/// <summary>
/// The element-wise activation work that <see cref="System.Numerics.Tensors.TensorPrimitives"/> has no
/// operator for, as <c>readonly struct</c> operators with a scalar and a 256-bit vector form driven by
/// one loop (<see cref="Map{TOperator, T}"/>, <see cref="Combine{TOperator, T}"/>).
/// </summary>
/// <remarks>
/// Each vector form performs the scalar form's IEEE operations lane by lane (compare, select,
/// multiply, add — nothing fused), so both give the same bits and results do not depend on the
/// length of the span or on where the vector body ends. NaN compares false, so it takes the
/// "not positive" branch in both forms.
/// </remarks>
internal static class ActivationKernels
{
    /// <summary>An operator on one value: the activation itself.</summary>
    public interface IUnaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract T Invoke(T z);

        static abstract Vector256<T> Invoke(Vector256<T> z);
    }

    /// <summary>An operator on a forward output a and a delta d, returning d·f'(z).</summary>
    public interface IBinaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract T Invoke(T output, T delta);

        static abstract Vector256<T> Invoke(Vector256<T> output, Vector256<T> delta);
    }

    /// <summary>values[i] = op(values[i]).</summary>
    public static void Map<TOperator, T>(Span<T> values)
        where TOperator : struct, IUnaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i <= values.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref start, (nuint)i)).StoreUnsafe(ref start, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            Unsafe.Add(ref start, i) = TOperator.Invoke(Unsafe.Add(ref start, i));
        }
    }

    /// <summary>delta[i] = op(output[i], delta[i]); the spans have equal lengths and may be the same span.</summary>
    public static void Combine<TOperator, T>(ReadOnlySpan<T> output, Span<T> delta)
        where TOperator : struct, IBinaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T a = ref MemoryMarshal.GetReference(output);
        ref T d = ref MemoryMarshal.GetReference(delta);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i <= delta.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                TOperator.Invoke(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref d, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < delta.Length; i++)
        {
            Unsafe.Add(ref d, i) = TOperator.Invoke(Unsafe.Add(ref a, i), Unsafe.Add(ref d, i));
        }
    }

    /// <summary>z &gt; 0 ? z : slope·z.</summary>
    public readonly struct LeakyRelu<T> : IUnaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly T Slope = T.CreateChecked(ActivationFunctions.LeakyReluSlope);

        public static T Invoke(T z) => z > T.Zero ? z : Slope * z;

        public static Vector256<T> Invoke(Vector256<T> z) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(z, Vector256<T>.Zero), z, Vector256.Create(Slope) * z);
    }

    /// <summary>ReLU': a &gt; 0 ? d : 0.</summary>
    public readonly struct ReluDerivative<T> : IBinaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Invoke(T output, T delta) => output > T.Zero ? delta : T.Zero;

        public static Vector256<T> Invoke(Vector256<T> output, Vector256<T> delta) =>
            Vector256.GreaterThan(output, Vector256<T>.Zero) & delta;
    }

    /// <summary>Leaky ReLU': a &gt; 0 ? d : slope·d.</summary>
    public readonly struct LeakyReluDerivative<T> : IBinaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly T Slope = T.CreateChecked(ActivationFunctions.LeakyReluSlope);

        public static T Invoke(T output, T delta) => output > T.Zero ? delta : Slope * delta;

        public static Vector256<T> Invoke(Vector256<T> output, Vector256<T> delta) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(output, Vector256<T>.Zero), delta, Vector256.Create(Slope) * delta);
    }

    /// <summary>ELU': a &gt; 0 ? d : (a + α)·d.</summary>
    public readonly struct EluDerivative<T> : IBinaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly T Alpha = T.CreateChecked(ActivationFunctions.EluAlpha);

        public static T Invoke(T output, T delta) => output > T.Zero ? delta : (output + Alpha) * delta;

        public static Vector256<T> Invoke(Vector256<T> output, Vector256<T> delta) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(output, Vector256<T>.Zero), delta, (output + Vector256.Create(Alpha)) * delta);
    }

    /// <summary>tanh': d·(1 − a²).</summary>
    public readonly struct TanhDerivative<T> : IBinaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Invoke(T output, T delta) => delta * (T.One - (output * output));

        public static Vector256<T> Invoke(Vector256<T> output, Vector256<T> delta) =>
            delta * (Vector256<T>.One - (output * output));
    }

    /// <summary>sigmoid': d·a(1 − a).</summary>
    public readonly struct SigmoidDerivative<T> : IBinaryOperator<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Invoke(T output, T delta) => delta * (output * (T.One - output));

        public static Vector256<T> Invoke(Vector256<T> output, Vector256<T> delta) =>
            delta * (output * (Vector256<T>.One - output));
    }
}
