namespace MlNetNeural.Tests.Reliability;

/// <summary>
/// Seeded hostile edits of a model zip: what a truncated download, a flipped bit on disk, a tampered
/// count or a mixed-up archive looks like to <c>Model.Load</c>. Most edits target our own model entry
/// (the one whose header names our loader), since that is the format this project owns; a few hit
/// ML.NET's entries and the raw zip, to check that our files fail as ML.NET's own do.
/// </summary>
public static class ModelFileMutator
{
    public enum Kind
    {
        TruncateEntry,       // the model entry ends early, header untouched
        TruncateBlock,       // the model block is cut short and the header made consistent, so only our decoder can tell
        BitFlipInBlock,      // 1–3 bits of the model block
        BitFlipInEntry,      // 1–3 bits anywhere in the model entry, header included
        EnormousCount,       // a huge int where a count or a size may be
        NegativeCount,       // a negative int where a count or a size may be
        OffByOneCount,       // an int one larger or smaller
        SpecialFloat,        // NaN, ±∞, float.MaxValue, 1e30 where a weight may be
        RandomBytes,         // a run of random bytes in the model block
        HeaderOffset,        // an absurd block offset or length in the header
        WrongVersion,        // the written/readable version fields
        SwapEntries,         // two entries swap contents, or names
        OtherEntryBitFlip,   // bits of an ML.NET entry (the prediction transformer, the version text)
        RawZipCorruption,    // bits of the zip file itself, or the file cut short
    }

    public static readonly int KindCount = Enum.GetValues<Kind>().Length;

    private static readonly int[] HugeInts = [int.MaxValue, int.MaxValue - 3, 1 << 30, 1 << 28, 1 << 24, 0x7FFF_FFF0, 1 << 20];
    private static readonly int[] NegativeInts = [-1, -2, int.MinValue, int.MinValue + 1, -(1 << 20)];
    private static readonly float[] SpecialFloats = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -float.MaxValue, 1e30f, -1e30f, 1e20f, float.Epsilon, -0f];
    private static readonly long[] HeaderValues = [long.MaxValue, long.MinValue, -1, 0, 1 << 30, int.MaxValue, 0x100_0000_0000];
    private static readonly uint[] Versions = [0, 1, 0x0001_0000, 0x0001_0002, 0x0002_0001, 0xFFFF_FFFF, 0x8000_0000];

    // ModelHeader's Int64 offset/length fields: FpModel, CbModel, FpStringTable, CbStringTable, FpStringChars,
    // CbStringChars, FpTail, FpLim, FpAssemblyName, CbAssemblyName.
    private static readonly int[] HeaderFields = [0x10, 0x18, 0x20, 0x28, 0x30, 0x38, 0x80, 0x88, 0x90, 0x98];

    /// <summary>Returns the mutated zip file and a description to print if it misbehaves.</summary>
    /// <param name="original">The zip file bytes.</param>
    /// <param name="entries">The same zip, parsed.</param>
    /// <param name="ours">Index of our model entry in <paramref name="entries"/>.</param>
    /// <param name="kind">What to do.</param>
    /// <param name="random">The seeded source of every choice.</param>
    public static (byte[] Zip, string Description) Mutate(byte[] original, ModelZip entries, int ours, Kind kind, Random random)
    {
        if (kind == Kind.RawZipCorruption)
            return CorruptRawZip(original, random);

        var zip = entries.Clone();
        var entry = zip.Entries[ours].Data;
        var (blockStart, blockLength) = ModelZip.ModelBlock(entry);
        string description;
        switch (kind)
        {
            case Kind.TruncateEntry:
            {
                int keep = random.Next(entry.Length);
                zip.Entries[ours] = (zip.Entries[ours].Name, entry[..keep]);
                description = $"entry cut to {keep} of {entry.Length} bytes";
                break;
            }
            case Kind.TruncateBlock:
            {
                int keep = random.Next(blockLength);
                zip.Entries[ours] = (zip.Entries[ours].Name, ModelZip.WithModelBlock(entry, entry.AsSpan(blockStart, keep)));
                description = $"model block cut to {keep} of {blockLength} bytes, header fixed up";
                break;
            }
            case Kind.BitFlipInBlock:
                description = "block " + FlipBits(entry, blockStart, blockLength, random);
                break;
            case Kind.BitFlipInEntry:
                description = "entry " + FlipBits(entry, 0, entry.Length, random);
                break;
            case Kind.EnormousCount:
            {
                int at = IntSlot(blockStart, blockLength, random);
                int value = HugeInts[random.Next(HugeInts.Length)];
                BitConverter.TryWriteBytes(entry.AsSpan(at), value);
                description = $"int {value} at block offset {at - blockStart}";
                break;
            }
            case Kind.NegativeCount:
            {
                int at = IntSlot(blockStart, blockLength, random);
                int value = NegativeInts[random.Next(NegativeInts.Length)];
                BitConverter.TryWriteBytes(entry.AsSpan(at), value);
                description = $"int {value} at block offset {at - blockStart}";
                break;
            }
            case Kind.OffByOneCount:
            {
                int at = IntSlot(blockStart, blockLength, random);
                int value = BitConverter.ToInt32(entry, at) + (random.Next(2) == 0 ? 1 : -1);
                BitConverter.TryWriteBytes(entry.AsSpan(at), value);
                description = $"int {value} (off by one) at block offset {at - blockStart}";
                break;
            }
            case Kind.SpecialFloat:
            {
                int at = blockStart + 4 * random.Next(blockLength / 4);
                float value = SpecialFloats[random.Next(SpecialFloats.Length)];
                BitConverter.TryWriteBytes(entry.AsSpan(at), value);
                description = $"float {value} at block offset {at - blockStart}";
                break;
            }
            case Kind.RandomBytes:
            {
                int length = 1 + random.Next(16);
                int at = blockStart + random.Next(Math.Max(1, blockLength - length));
                random.NextBytes(entry.AsSpan(at, Math.Min(length, blockStart + blockLength - at)));
                description = $"{length} random bytes at block offset {at - blockStart}";
                break;
            }
            case Kind.HeaderOffset:
            {
                int field = HeaderFields[random.Next(HeaderFields.Length)];
                long value = random.Next(3) == 0
                    ? BitConverter.ToInt64(entry, field) + random.Next(-16, 17)
                    : HeaderValues[random.Next(HeaderValues.Length)];
                BitConverter.TryWriteBytes(entry.AsSpan(field), value);
                description = $"header field 0x{field:X2} = {value}";
                break;
            }
            case Kind.WrongVersion:
            {
                uint written = Versions[random.Next(Versions.Length)];
                uint readable = random.Next(2) == 0 ? written : Versions[random.Next(Versions.Length)];
                BitConverter.TryWriteBytes(entry.AsSpan(ModelZip.ModelVerWritten), written);
                BitConverter.TryWriteBytes(entry.AsSpan(ModelZip.ModelVerReadable), readable);
                description = $"version written 0x{written:X8}, readable 0x{readable:X8}";
                break;
            }
            case Kind.SwapEntries:
            {
                int a = random.Next(zip.Entries.Count), b = random.Next(zip.Entries.Count - 1);
                if (b >= a)
                    b++;
                if (random.Next(3) == 0)
                    a = ours; // swap our entry more often
                if (a == b)
                    b = (a + 1) % zip.Entries.Count;
                var (nameA, dataA) = zip.Entries[a];
                var (nameB, dataB) = zip.Entries[b];
                bool names = random.Next(2) == 0;
                zip.Entries[a] = names ? (nameB, dataA) : (nameA, dataB);
                zip.Entries[b] = names ? (nameA, dataB) : (nameB, dataA);
                description = $"{(names ? "names" : "contents")} of '{nameA}' and '{nameB}' swapped";
                break;
            }
            case Kind.OtherEntryBitFlip:
            {
                // Not the binary data-view schema entries: ML.NET's loader can spin forever on those
                // (ModelFileFuzzTests.MlNet_spins_forever_on_a_schema_entry_with_a_damaged_vector_dimension_count).
                var candidates = Enumerable.Range(0, zip.Entries.Count)
                    .Where(e => e != ours && !zip.Entries[e].Name.EndsWith("Schema", StringComparison.Ordinal)).ToArray();
                int other = candidates[random.Next(candidates.Length)];
                var data = zip.Entries[other].Data;
                description = $"'{zip.Entries[other].Name}' " + (data.Length == 0 ? "empty" : FlipBits(data, 0, data.Length, random));
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        return (zip.ToBytes(), $"{kind}: {description}");
    }

    /// <summary>An int-aligned slot in the block, biased towards the first dozen ints where the counts live.</summary>
    private static int IntSlot(int blockStart, int blockLength, Random random)
    {
        int slots = blockLength / 4;
        return blockStart + 4 * (random.Next(2) == 0 ? random.Next(Math.Min(slots, 12)) : random.Next(slots));
    }

    private static string FlipBits(byte[] data, int start, int length, Random random)
    {
        int flips = 1 + random.Next(3);
        var where = new List<string>();
        for (int i = 0; i < flips; i++)
        {
            int at = start + random.Next(length);
            int bit = random.Next(8);
            data[at] ^= (byte)(1 << bit);
            where.Add($"{at - start}.{bit}");
        }
        return $"bits flipped at {string.Join(", ", where)}";
    }

    private static (byte[], string) CorruptRawZip(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        if (random.Next(4) == 0)
        {
            int keep = random.Next(bytes.Length);
            return (bytes[..keep], $"{Kind.RawZipCorruption}: zip file cut to {keep} of {bytes.Length} bytes");
        }
        return (bytes, $"{Kind.RawZipCorruption}: zip file {FlipBits(bytes, 0, bytes.Length, random)}");
    }
}
