namespace MlNetNeural.Training.Checkpoints;

/// <summary>
/// A <see cref="Random"/> that draws exactly what <c>new Random(seed)</c> draws for the methods training uses
/// (<see cref="Next()"/>, <see cref="Next(int)"/>, <see cref="Next(int, int)"/> and so <see cref="Random.Shuffle{T}(T[])"/>,
/// <see cref="NextDouble"/>) and whose state can be saved and restored, so a fit resumed from a checkpoint continues the
/// very sequence an uninterrupted fit would have drawn. <c>System.Random</c> keeps its state private.
/// </summary>
/// <remarks>
/// The algorithm is the one <c>System.Random</c> has used for seeded instances since .NET Framework 1.0 (Knuth's
/// subtractive generator, 55 words of state) and must keep using for compatibility; a test draws millions of values
/// of each method from both and compares them.
/// </remarks>
internal sealed class ResumableRandom : Random
{
    private const int Modulus = int.MaxValue;
    private const int SeedBase = 161803398;
    internal const int StateWords = 56; // word 0 unused, as in the original algorithm

    private readonly int[] _state = new int[StateWords];
    private int _next;
    private int _nextLag;

    /// <summary>Starts the sequence <c>new Random(<paramref name="seed"/>)</c> starts.</summary>
    public ResumableRandom(int seed)
    {
        int value = SeedBase - (seed == int.MinValue ? int.MaxValue : Math.Abs(seed));
        _state[55] = value;
        int previous = 1;
        for (int i = 1, at = 0; i < 55; i++)
        {
            at += 21;
            if (at >= 55)
                at -= 55;
            _state[at] = previous;
            previous = value - previous;
            if (previous < 0)
                previous += Modulus;
            value = _state[at];
        }
        for (int round = 0; round < 4; round++)
        {
            for (int i = 1; i < 56; i++)
            {
                int lag = i + 30;
                if (lag >= 55)
                    lag -= 55;
                _state[i] -= _state[1 + lag];
                if (_state[i] < 0)
                    _state[i] += Modulus;
            }
        }
        _next = 0;
        _nextLag = 21;
    }

    /// <inheritdoc/>
    public override int Next() => NextWord();

    /// <inheritdoc/>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)(Sample() * maxValue);
    }

    /// <inheritdoc/>
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        long range = (long)maxValue - minValue;
        if (range <= int.MaxValue)
            return (int)(Sample() * range) + minValue;
        return (int)((long)(WideSample() * range) + minValue);
    }

    /// <inheritdoc/>
    public override double NextDouble() => Sample();

    /// <inheritdoc/>
    protected override double Sample() => NextWord() * (1.0 / Modulus);

    /// <summary>The generator's state: <see cref="StateWords"/> words, then the two positions.</summary>
    public int[] SaveState()
    {
        var saved = new int[StateWords + 2];
        _state.CopyTo(saved, 0);
        saved[StateWords] = _next;
        saved[StateWords + 1] = _nextLag;
        return saved;
    }

    /// <summary>Continues from a state <see cref="SaveState"/> returned.</summary>
    /// <exception cref="InvalidDataException">The state is not one this generator can be in.</exception>
    public void RestoreState(ReadOnlySpan<int> saved)
    {
        if (saved.Length != StateWords + 2 || (uint)saved[StateWords] > 55 || (uint)saved[StateWords + 1] > 55)
            throw new InvalidDataException("The random generator's saved state is malformed.");
        for (int i = 1; i < StateWords; i++)
        {
            if ((uint)saved[i] >= Modulus)
                throw new InvalidDataException("The random generator's saved state is malformed.");
        }
        saved[..StateWords].CopyTo(_state);
        _next = saved[StateWords];
        _nextLag = saved[StateWords + 1];
    }

    private int NextWord()
    {
        if (++_next >= 56)
            _next = 1;
        if (++_nextLag >= 56)
            _nextLag = 1;
        int word = _state[_next] - _state[_nextLag];
        if (word == Modulus)
            word--;
        if (word < 0)
            word += Modulus;
        _state[_next] = word;
        return word;
    }

    // For ranges wider than int: two words, as the original does.
    private double WideSample()
    {
        int word = NextWord();
        if (NextWord() % 2 == 0)
            word = -word;
        double d = word;
        d += int.MaxValue - 1;
        d /= 2.0 * int.MaxValue - 1;
        return d;
    }
}
