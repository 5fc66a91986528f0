namespace MlNetNeural.Data;

/// <summary>
/// An append-only float array sized up front when the row count is known, so reading a large
/// training set costs its own size in memory rather than a doubling list plus a final copy.
/// </summary>
internal sealed class FloatBuffer
{
    private float[] _values;

    public FloatBuffer(long expectedCount) =>
        _values = new float[(int)Math.Clamp(expectedCount, 0, Array.MaxLength)];

    public int Count { get; private set; }

    public void Add(float value)
    {
        EnsureRoom(1);
        _values[Count++] = value;
    }

    public void Add(ReadOnlySpan<float> values)
    {
        EnsureRoom(values.Length);
        values.CopyTo(_values.AsSpan(Count));
        Count += values.Length;
    }

    /// <summary>The values; the buffer itself when it is exactly full (no copy).</summary>
    public float[] ToArray()
    {
        if (Count != _values.Length)
            Array.Resize(ref _values, Count);
        return _values;
    }

    public bool All(Func<float, bool> predicate)
    {
        foreach (float value in _values.AsSpan(0, Count))
        {
            if (!predicate(value))
                return false;
        }
        return true;
    }

    private void EnsureRoom(int extra)
    {
        if (Count + (long)extra <= _values.Length)
            return;
        long wanted = Math.Max(Count + (long)extra, Math.Max(16, 2L * _values.Length));
        if (wanted > Array.MaxLength)
            throw new InvalidOperationException($"The training data is too large to hold in one array ({wanted} values).");
        Array.Resize(ref _values, (int)wanted);
    }
}
