using System;
using System.Runtime.Intrinsics.X86;

namespace MlNetNeural.Neural;

/// <summary>The blocked, packed driver of <see cref="Gemm"/>.</summary>
internal static unsafe partial class Gemm
{
    // Packing buffers, allocated once per thread at their largest size and reused: packed B belongs
    // to the thread that called Multiply (workers only read it), packed A to whichever thread runs a tile.
    [ThreadStatic]
    private static float[]? t_packedA;

    [ThreadStatic]
    private static float[]? t_packedB;

    private static void RunBlocked(int m, int n, int k, in Operands o, bool accumulate)
    {
        int threads = Environment.ProcessorCount;
        bool parallel = threads > 1 && (long)m * n * k >= ParallelThreshold && m > MicroRows;

        // Row tiles: at most BlockM rows; in parallel, a multiple of the thread count of equal tiles (at
        // least two per thread) so no thread waits on a last odd tile. Tiling changes which thread
        // computes a row, never how it is computed.
        int tileRows = BlockM;
        if (parallel)
        {
            int count = RoundUp(Math.Max(2 * threads, (m + BlockM - 1) / BlockM), threads);
            tileRows = Math.Clamp(RoundUp((m + count - 1) / count, MicroRows), MicroRows, BlockM);
        }

        int tiles = (m + tileRows - 1) / tileRows;
        float[] packedB = t_packedB ??= new float[BlockN * BlockK];
        fixed (float* pb = packedB)
        {
            for (int j0 = 0; j0 < n; j0 += BlockN)
            {
                int nc = Math.Min(BlockN, n - j0);
                for (int p0 = 0; p0 < k; p0 += BlockK)
                {
                    int kc = Math.Min(BlockK, k - p0);
                    PackB(o, p0, kc, j0, nc, pb);
                    var block = new Block(o, m, tileRows, j0, nc, p0, kc, pb, overwrite: p0 == 0 && !accumulate);
                    if (parallel && tiles > 1)
                    {
                        RunParallel(block, tiles);
                    }
                    else
                    {
                        for (int t = 0; t < tiles; t++)
                        {
                            block.RunTile(t);
                        }
                    }
                }
            }
        }
    }

    // A tile's packed-A buffer, one per thread; the helper threads create theirs when they start, so that no product
    // allocates (a helper that first took a tile in the hundredth product allocated it then).
    private static float[] EnsureTileBuffer() => t_packedA ??= new float[BlockM * BlockK];

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    // On the GEMM's own workers; when another product holds them, on the calling thread alone.
    private static void RunParallel(in Block block, int tiles)
    {
        if (!TileWorkers.TryRun(block, tiles))
        {
            for (int t = 0; t < tiles; t++)
            {
                block.RunTile(t);
            }
        }
    }

    /// <summary>One k block of one column block: the packed B panel and everything a tile needs.</summary>
    private readonly struct Block(in Operands o, int m, int tileRows, int j0, int nc, int p0, int kc, float* packedB, bool overwrite)
    {
        private readonly Operands _o = o;
        private readonly int _m = m, _tileRows = tileRows, _j0 = j0, _nc = nc, _p0 = p0, _kc = kc;
        private readonly float* _packedB = packedB;
        private readonly bool _overwrite = overwrite;

        public void RunTile(int tile)
        {
            int tileRows = _tileRows, j0 = _j0, nc = _nc, p0 = _p0, kc = _kc;
            bool overwrite = _overwrite;
            float* packedB = _packedB;
            int i0 = tile * tileRows;
            int mc = Math.Min(tileRows, _m - i0);
            float[] packedA = t_packedA ?? EnsureTileBuffer();
            fixed (float* pa = packedA)
            {
                PackA(_o, i0, mc, p0, kc, pa);
                long ldc = _o.Ldc;
                var kernel = ActiveKernel;
                for (int jr = 0; jr < nc; jr += MicroColumns)
                {
                    int nr = Math.Min(MicroColumns, nc - jr);
                    float* b = packedB + ((long)jr * kc);
                    // With AVX-512, two full strips at once: full-height tiles 32 wide, the rest as before.
                    bool wide = kernel == Kernel.Avx512 && nc - jr >= GemmMicroKernel512.Columns;
                    for (int ir = 0; ir < mc; ir += MicroRows)
                    {
                        int mr = Math.Min(MicroRows, mc - ir);
                        float* a = pa + ((long)ir * kc);
                        float* c = _o.C + ((i0 + ir) * ldc) + j0 + jr;
                        if (wide && mr == MicroRows)
                        {
                            GemmMicroKernel512.Run(kc, a, b, c, ldc, overwrite);
                        }
                        else if (wide)
                        {
                            GemmMicroKernel.RunPartial(kc, a, b, c, ldc, overwrite, mr, MicroColumns);
                            GemmMicroKernel.RunPartial(kc, a, b + ((long)MicroColumns * kc), c + MicroColumns, ldc, overwrite, mr, MicroColumns);
                        }
                        else if (kernel == Kernel.Portable && mr == MicroRows && nr == MicroColumns)
                        {
                            GemmMicroKernel128.Run(kc, a, b, c, ldc, overwrite);
                        }
                        else if (kernel == Kernel.Portable)
                        {
                            GemmMicroKernel128.RunPartial(kc, a, b, c, ldc, overwrite, mr, nr);
                        }
                        else if (mr == MicroRows && nr == MicroColumns)
                        {
                            GemmMicroKernel.Run(kc, a, b, c, ldc, overwrite);
                        }
                        else
                        {
                            GemmMicroKernel.RunPartial(kc, a, b, c, ldc, overwrite, mr, nr);
                        }
                    }

                    if (wide)
                    {
                        jr += MicroColumns; // the second strip is done
                    }
                }
            }
        }
    }

    // op(A)[i0..i0+mc, p0..p0+kc] into MicroRows-high strips: strip s holds, for each p, its rows' values; rows past mc are 0.
    private static void PackA(in Operands o, int i0, int mc, int p0, int kc, float* packed)
    {
        for (int s = 0; s < mc; s += MicroRows)
        {
            int rows = Math.Min(MicroRows, mc - s);
            float* strip = packed + ((long)s * kc);
            if (o.TransposeA)
            {
                // Stored k × m: for each p the strip's rows are contiguous.
                float* source = o.APointer + ((long)p0 * o.Lda) + i0 + s;
                for (int p = 0; p < kc; p++, source += o.Lda, strip += MicroRows)
                {
                    int r = 0;
                    for (; r < rows; r++)
                    {
                        strip[r] = source[r];
                    }

                    for (; r < MicroRows; r++)
                    {
                        strip[r] = 0;
                    }
                }
            }
            else
            {
                // Stored m × k: read each row contiguously, write it with stride MicroRows.
                for (int r = 0; r < MicroRows; r++)
                {
                    if (r < rows)
                    {
                        float* source = o.APointer + ((long)(i0 + s + r) * o.Lda) + p0;
                        for (int p = 0; p < kc; p++)
                        {
                            strip[(p * MicroRows) + r] = source[p];
                        }
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            strip[(p * MicroRows) + r] = 0;
                        }
                    }
                }
            }
        }
    }

    // op(B)[p0..p0+kc, j0..j0+nc] into MicroColumns-wide strips: strip s holds, for each p, its columns' values; columns past nc are 0.
    private static void PackB(in Operands o, int p0, int kc, int j0, int nc, float* packed)
    {
        for (int s = 0; s < nc; s += MicroColumns)
        {
            int columns = Math.Min(MicroColumns, nc - s);
            float* strip = packed + ((long)s * kc);
            if (o.TransposeB && columns == MicroColumns && ActiveKernel is Kernel.Avx2 or Kernel.Avx512)
            {
                // Stored n × k (a weight matrix out × in), a full strip: 8 × 8 blocks transposed in registers.
                PackTransposedStrip(o.BPointer + ((long)(j0 + s) * o.Ldb) + p0, o.Ldb, kc, strip);
            }
            else if (o.TransposeB)
            {
                // Stored n × k, the strip at the edge of C (or any strip without AVX): read each column of op(B) contiguously.
                for (int j = 0; j < MicroColumns; j++)
                {
                    if (j < columns)
                    {
                        float* source = o.BPointer + ((long)(j0 + s + j) * o.Ldb) + p0;
                        for (int p = 0; p < kc; p++)
                        {
                            strip[(p * MicroColumns) + j] = source[p];
                        }
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            strip[(p * MicroColumns) + j] = 0;
                        }
                    }
                }
            }
            else
            {
                float* source = o.BPointer + ((long)p0 * o.Ldb) + j0 + s;
                for (int p = 0; p < kc; p++, source += o.Ldb, strip += MicroColumns)
                {
                    if (columns == MicroColumns)
                    {
                        new ReadOnlySpan<float>(source, MicroColumns).CopyTo(new Span<float>(strip, MicroColumns));
                        continue;
                    }

                    int j = 0;
                    for (; j < columns; j++)
                    {
                        strip[j] = source[j];
                    }

                    for (; j < MicroColumns; j++)
                    {
                        strip[j] = 0;
                    }
                }
            }
        }
    }

    // strip[p·16 + j] = source[j·ldb + p] for j < 16, p < kc: each 8 × 8 block of the 16 rows is transposed with
    // unpack / shuffle / lane-permute (no arithmetic, so the packed values and the product are unchanged).
    private static void PackTransposedStrip(float* source, int ldb, int kc, float* strip)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            for (int half = 0; half < MicroColumns; half += 8)
            {
                float* rows = source + ((long)half * ldb) + p;
                Transpose8x8(rows, ldb, strip + ((long)p * MicroColumns) + half, MicroColumns);
            }
        }

        for (; p < kc; p++)
        {
            for (int j = 0; j < MicroColumns; j++)
            {
                strip[(p * MicroColumns) + j] = source[((long)j * ldb) + p];
            }
        }
    }

    // target[p·ldt + j] = rows[j·ldr + p] for an 8 × 8 block.
    private static void Transpose8x8(float* rows, int ldr, float* target, int ldt)
    {
        var r0 = Avx.LoadVector256(rows);
        var r1 = Avx.LoadVector256(rows + ldr);
        var r2 = Avx.LoadVector256(rows + (2L * ldr));
        var r3 = Avx.LoadVector256(rows + (3L * ldr));
        var r4 = Avx.LoadVector256(rows + (4L * ldr));
        var r5 = Avx.LoadVector256(rows + (5L * ldr));
        var r6 = Avx.LoadVector256(rows + (6L * ldr));
        var r7 = Avx.LoadVector256(rows + (7L * ldr));

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(target, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(target + ldt, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(target + (2L * ldt), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(target + (3L * ldt), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(target + (4L * ldt), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(target + (5L * ldt), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(target + (6L * ldt), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(target + (7L * ldt), Avx.Permute2x128(u3, u7, 0x31));
    }
}
