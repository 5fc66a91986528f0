using System;
using System.Threading;

namespace MlNetNeural.Neural;

/// <summary>The GEMM's own worker threads, which split a product's row tiles without allocating.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>
    /// ProcessorCount − 1 background threads parked on a semaphore, and the calling thread, take a product's
    /// row tiles from a shared counter. Parallel.For did the same job but allocated its bookkeeping (about
    /// 9 KB per training batch); this allocates nothing after the threads start. Which thread takes a tile
    /// never changes how the tile is computed, so results stay bit-identical. One product at a time uses the
    /// workers: a caller that finds them busy (fits running in parallel) computes its tiles itself.
    /// </summary>
    /// <summary>Bytes the GEMM's helper threads have allocated so far (for the tests that a product allocates nothing).</summary>
    internal static long HelperThreadsAllocatedBytes => TileWorkers.HelperAllocatedBytes();

    private static class TileWorkers
    {
        private static readonly object Gate = new();
        private static readonly SemaphoreSlim Start = new(0);
        // A semaphore, not a ManualResetEventSlim: the event creates its lock object on its first blocking wait, so a
        // product somewhere in a long run allocated 24 bytes; the semaphore creates everything it needs up front.
        private static readonly SemaphoreSlim Done = new(0);
        private static readonly int Helpers = Math.Max(0, Environment.ProcessorCount - 1);
        private static readonly long[] s_helperAllocatedBytes = new long[Helpers];
        private static bool s_started;
        private static Block s_block;
        private static int s_tiles, s_next, s_pending;
        private static Exception? s_failure;

        /// <summary>Runs tiles 0 … <paramref name="tiles"/> − 1 of <paramref name="block"/>; false if the workers are busy (nothing ran).</summary>
        public static bool TryRun(in Block block, int tiles)
        {
            if (Helpers == 0 || !Monitor.TryEnter(Gate))
            {
                return false;
            }

            try
            {
                EnsureStarted();
                int helpers = Math.Min(Helpers, tiles - 1);
                s_block = block;
                s_tiles = tiles;
                s_next = 0;
                s_failure = null;
                s_pending = helpers;
                Start.Release(helpers);
                TakeTiles();
                if (helpers > 0)
                {
                    Done.Wait();
                }

                if (s_failure is { } failure)
                {
                    throw new InvalidOperationException("A GEMM worker thread failed.", failure);
                }

                return true;
            }
            finally
            {
                s_block = default;
                Monitor.Exit(Gate);
            }
        }

        /// <summary>
        /// Bytes the helper threads have allocated since they started, as each recorded after its last share of a product:
        /// with the calling thread's own count, what a product allocated, unaffected by other threads of the process.
        /// </summary>
        public static long HelperAllocatedBytes()
        {
            long total = 0;
            for (int i = 0; i < s_helperAllocatedBytes.Length; i++)
                total += Volatile.Read(ref s_helperAllocatedBytes[i]);
            return total;
        }

        private static void TakeTiles()
        {
            int tile;
            while ((tile = Interlocked.Increment(ref s_next) - 1) < s_tiles)
            {
                s_block.RunTile(tile);
            }
        }

        private static void EnsureStarted()
        {
            if (s_started)
            {
                return;
            }

            for (int i = 0; i < Helpers; i++)
            {
                int index = i;
                new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"MlNetNeural GEMM worker {i + 1}" }.Start();
            }

            s_started = true;
        }

        private static void WorkerLoop(int index)
        {
            EnsureTileBuffer();
            while (true)
            {
                Start.Wait();
                try
                {
                    TakeTiles();
                }
                catch (Exception e)
                {
                    s_failure = e;
                }

                // Before signalling, so a caller that returned from the product reads this share's count.
                Volatile.Write(ref s_helperAllocatedBytes[index], GC.GetAllocatedBytesForCurrentThread());

                if (Interlocked.Decrement(ref s_pending) == 0)
                {
                    Done.Release();
                }
            }
        }
    }
}
