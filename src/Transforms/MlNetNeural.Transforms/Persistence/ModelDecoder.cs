using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetNeural.Persistence;

/// <summary>
/// Checked reads from a model block. A model zip is untrusted input: every count is bounded by the
/// bytes the block still holds (so a tampered size cannot trigger a huge allocation) and every
/// decoded number is validated. Failures throw <see cref="FormatException"/> naming the field.
/// </summary>
internal sealed class ModelDecoder
{
    private readonly ModelLoadContext _ctx;
    private readonly string _modelName;
    private readonly long _blockEnd;

    public ModelDecoder(ModelLoadContext ctx, string modelName)
    {
        _ctx = ctx;
        _modelName = modelName;
        _blockEnd = ctx.FpMin + ctx.Header.FpModel + ctx.Header.CbModel;
    }

    private long RemainingBytes => _blockEnd - _ctx.Reader.BaseStream.Position;

    /// <summary>
    /// A format error that names the model and the field. It is made by ML.NET's <c>ExceptDecode</c>, which
    /// marks it: ML.NET's loader then reports it as its own decode errors ("Error during class instantiation"
    /// wrapping this one) instead of rethrowing a bare <see cref="System.Reflection.TargetInvocationException"/>.
    /// </summary>
    public FormatException Corrupt(string field, string problem) =>
        (FormatException)Contracts.ExceptDecode($"Corrupt or incompatible {_modelName} model: field '{field}' {problem}.");

    public int ReadInt32(string field, int min, int max)
    {
        EnsureBytes(field, sizeof(int));
        int value = _ctx.Reader.ReadInt32();
        if (value < min || value > max)
            throw Corrupt(field, $"is {value}, outside the valid range [{min}, {max}]");
        return value;
    }

    public float ReadFiniteSingle(string field)
    {
        EnsureBytes(field, sizeof(float));
        float value = _ctx.Reader.ReadSingle();
        if (!float.IsFinite(value))
            throw Corrupt(field, $"is {value}, not a finite number");
        return value;
    }

    public double ReadFiniteDouble(string field)
    {
        EnsureBytes(field, sizeof(double));
        double value = _ctx.Reader.ReadDouble();
        if (!double.IsFinite(value))
            throw Corrupt(field, $"is {value}, not a finite number");
        return value;
    }

    public double ReadDouble(string field)
    {
        EnsureBytes(field, sizeof(double));
        return _ctx.Reader.ReadDouble();
    }

    public byte ReadByte(string field, byte max)
    {
        EnsureBytes(field, 1);
        byte value = _ctx.Reader.ReadByte();
        if (value > max)
            throw Corrupt(field, $"is {value}, outside the valid range [0, {max}]");
        return value;
    }

    /// <summary>Reads <paramref name="count"/> finite floats.</summary>
    public float[] ReadFiniteSingles(string field, long count)
    {
        if (count < 0 || count > int.MaxValue)
            throw Corrupt(field, $"declares {count} values");
        EnsureBytes(field, count * sizeof(float));
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = _ctx.Reader.ReadSingle();
            if (!float.IsFinite(values[i]))
                throw Corrupt(field, $"holds a non-finite value at index {i}");
        }
        return values;
    }

    /// <summary>Reads a length-prefixed array of non-negative integers.</summary>
    public int[] ReadCounts(string field)
    {
        int count = ReadInt32(field + ".Length", 0, int.MaxValue);
        EnsureBytes(field, (long)count * sizeof(int));
        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = _ctx.Reader.ReadInt32();
            if (values[i] < 0)
                throw Corrupt(field, $"holds a negative count at index {i}");
        }
        return values;
    }

    /// <summary>Fails unless the block still holds <paramref name="bytes"/> bytes.</summary>
    public void EnsureBytes(string field, long bytes)
    {
        if (bytes > RemainingBytes)
            throw Corrupt(field, $"needs {bytes} bytes but the model block has only {Math.Max(0, RemainingBytes)} left");
    }
}
