using System.Runtime.InteropServices;

namespace MlNetNeural.Memory;

/// <summary>
/// Arrays for weights read at random rows: a sparse model's first layer (one row per vocabulary slot, hundreds of MB
/// at a million slots) and its optimizer state. A row per non-zero lands on its own 4 KB page, so with ordinary pages
/// nearly every row read is a TLB miss as well as a cache miss, and the cost of a step or a prediction grows with the
/// slot count at equal non-zeros. On Linux, arrays of at least <see cref="MinimumBytes"/> are marked
/// <c>MADV_HUGEPAGE</c> before their first write, so the kernel backs them with 2 MB pages wherever transparent huge
/// pages are enabled (the "madvise" or "always" setting; most distributions' default). It is a hint: where the kernel
/// declines, or on other systems, the array is an ordinary array. The contents are the same either way.
/// </summary>
internal static partial class LargeArrays
{
    /// <summary>Below this, an array spans too few huge pages to matter.</summary>
    internal const long MinimumBytes = 8L << 20;

    private const int HugePageBytes = 2 << 20;
    private const int AdviseHugePage = 14; // MADV_HUGEPAGE in Linux's generic and x86 headers alike

    private static bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>A zero-filled array of <paramref name="length"/> elements, huge-page backed where the system allows.</summary>
    public static T[] Zeroed<T>(int length) where T : unmanaged
    {
        var array = new T[length];
        Advise(array);
        return array;
    }

    // A new large array comes from pages the process has not touched (the runtime knows they are zero and does not
    // clear them), so advice given now applies to its first write. Reused memory keeps its small pages; the kernel's
    // background collapsing may still promote it.
    private static unsafe void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (s_unavailable || bytes < MinimumBytes)
            return;
        nint start;
        fixed (T* data = array)
            start = (nint)data; // a large array lives on the large-object heap, which is not compacted unless asked
        nint alignedStart = (start + HugePageBytes - 1) & ~(nint)(HugePageBytes - 1);
        nint alignedEnd = (start + (nint)bytes) & ~(nint)(HugePageBytes - 1);
        if (alignedEnd <= alignedStart)
            return;
        try
        {
            _ = MAdvise(alignedStart, (nuint)(alignedEnd - alignedStart), AdviseHugePage); // refused advice changes nothing
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int MAdvise(nint address, nuint length, int advice);
}
