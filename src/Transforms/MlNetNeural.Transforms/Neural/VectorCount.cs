namespace MlNetNeural.Neural;

/// <summary>
/// How many vectors a kernel pass sums, as a type: a kernel generic over <see cref="IVectorCount"/> is compiled once per
/// count, with its <c>if (count &gt; k)</c> lines folded away, so each count runs branch-free with its sums in registers.
/// </summary>
internal static class VectorCount
{
    /// <summary>The count a type stands for.</summary>
    internal interface IVectorCount
    {
        static abstract int Count { get; }
    }

    internal struct One : IVectorCount { public static int Count => 1; }
    internal struct Two : IVectorCount { public static int Count => 2; }
    internal struct Three : IVectorCount { public static int Count => 3; }
    internal struct Four : IVectorCount { public static int Count => 4; }
    internal struct Five : IVectorCount { public static int Count => 5; }
    internal struct Six : IVectorCount { public static int Count => 6; }
    internal struct Seven : IVectorCount { public static int Count => 7; }
    internal struct Eight : IVectorCount { public static int Count => 8; }
    internal struct Nine : IVectorCount { public static int Count => 9; }
    internal struct Ten : IVectorCount { public static int Count => 10; }
    internal struct Eleven : IVectorCount { public static int Count => 11; }
    internal struct Twelve : IVectorCount { public static int Count => 12; }
    internal struct Thirteen : IVectorCount { public static int Count => 13; }
}
