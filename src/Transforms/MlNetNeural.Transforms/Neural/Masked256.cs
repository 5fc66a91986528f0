using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural;

/// <summary>
/// A row of floats as 8-wide AVX2 vectors whose last one is masked, so a kernel covers any width without a scalar
/// tail: masked-off lanes read nothing (no access past the row's end) and write nothing. Shared by the dense tail pass
/// (<see cref="MatrixVector"/>) and the sparse register paths (<see cref="SparseMatrixVector"/>).
/// </summary>
internal static unsafe class Masked256
{
    private const int Lanes = 8;

    /// <summary>How many vectors <paramref name="columns"/> floats take, and the mask of the last one's lanes.</summary>
    public static Vector256<float> LastMask(int columns, out int vectors)
    {
        vectors = (columns + Lanes - 1) / Lanes;
        return Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(columns - ((vectors - 1) * Lanes))).AsSingle();
    }

    /// <summary>Vector <paramref name="vector"/> of a row; the last of <paramref name="vectors"/> reads only the lanes of <paramref name="last"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* row, int vector, int vectors, Vector256<float> last)
        => vector == vectors - 1 ? Avx.MaskLoad(row + (vector * Lanes), last) : Avx.LoadVector256(row + (vector * Lanes));

    /// <summary>Writes vector <paramref name="vector"/> of a row; the last of <paramref name="vectors"/> only the lanes of <paramref name="last"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* row, int vector, int vectors, Vector256<float> last, Vector256<float> value)
    {
        if (vector == vectors - 1)
            Avx.MaskStore(row + (vector * Lanes), last, value);
        else
            Avx.Store(row + (vector * Lanes), value);
    }
}
