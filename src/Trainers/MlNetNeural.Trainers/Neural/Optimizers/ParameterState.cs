using System;
using System.Numerics;
using MlNetNeural.Memory;

namespace MlNetNeural.Neural.Optimizers;

/// <summary>
/// One parameter's optimizer state: its buffers (moments, momentum), each as long as the parameter, placed so that no
/// buffer lies a multiple of 4 KB from the parameter's values or from another buffer.
/// </summary>
/// <remarks>
/// The runtime puts every large array at the same offset in a fresh 2 MB-aligned region, so a first layer and its two
/// Adam moments would otherwise sit exactly a multiple of 4 KB apart, row for row. A row update that loads one of them
/// while storing to another at such a distance stalls on the processor's 4 KB store-to-load aliasing, and the three
/// rows also fall into the same cache sets: on AMD EPYC (Zen 4), a lazy Adam epoch on a 1M-slot first layer took 1.6×
/// the epoch on a 100k-slot one with the same active rows, and as long once the buffers were skewed. So each buffer is
/// allocated a little longer and begins where its element 0 lies about <see cref="Spacing"/> × (buffer + 1) bytes past
/// the values' element 0 modulo 4 KB. Large arrays are not moved by the runtime (the large-object heap is not compacted
/// unless a program asks), so the placement holds; for small arrays, which can move, it does not matter.
/// </remarks>
internal sealed class ParameterState<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int PageBytes = 4096;
    private const int Spacing = 1024 + 64; // rows of up to 1 KB never share a page offset; a cache line more than that

    private readonly T[][] _buffers;
    private readonly int[] _offsets;

    private ParameterState(T[][] buffers, int[] offsets, int length)
    {
        _buffers = buffers;
        _offsets = offsets;
        Length = length;
    }

    /// <summary>Elements per buffer.</summary>
    public int Length { get; }

    /// <summary>How many buffers.</summary>
    public int Count => _buffers.Length;

    /// <summary>Zeroed buffers for <paramref name="values"/>, <paramref name="count"/> of them.</summary>
    public static unsafe ParameterState<T> Allocate(T[] values, int count)
    {
        int length = values.Length;
        int slack = PageBytes / sizeof(T);
        var buffers = new T[count][];
        var offsets = new int[count];
        long origin;
        fixed (T* v = values)
            origin = (long)v;
        for (int b = 0; b < count; b++)
        {
            buffers[b] = LargeArrays.Zeroed<T>(length + slack); // a sparse first layer's moments are read at random rows
            long start;
            fixed (T* s = buffers[b])
                start = (long)s;
            long wanted = (origin + ((long)Spacing * (b + 1))) % PageBytes;
            long shift = ((wanted - (start % PageBytes)) % PageBytes + PageBytes) % PageBytes;
            offsets[b] = (int)(shift / sizeof(T));
        }

        return new ParameterState<T>(buffers, offsets, length);
    }

    /// <summary>Buffer <paramref name="buffer"/>'s elements [start, start + length).</summary>
    public Span<T> Buffer(int buffer, int start, int length) => _buffers[buffer].AsSpan(_offsets[buffer] + start, length);

    /// <summary>The whole of buffer <paramref name="buffer"/>.</summary>
    public Span<T> Buffer(int buffer) => Buffer(buffer, 0, Length);
}
