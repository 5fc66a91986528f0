namespace MlNetNeural;

/// <summary>Up-front option validation: each failure names the option and its valid range.</summary>
internal static class OptionChecks
{
    public static void NotEmpty(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"Option {option} must name a column; it is empty.", option);
    }

    public static void Positive(float value, string option)
    {
        if (!(value > 0) || !float.IsFinite(value))
            throw new ArgumentOutOfRangeException(option, value, $"Option {option} must be a finite number > 0.");
    }

    public static void NonNegative(float value, string option)
    {
        if (!(value >= 0) || !float.IsFinite(value))
            throw new ArgumentOutOfRangeException(option, value, $"Option {option} must be a finite number >= 0.");
    }

    public static void InRange(float value, float min, float max, string option, bool maxExclusive = false)
    {
        bool ok = value >= min && (maxExclusive ? value < max : value <= max);
        if (!ok)
            throw new ArgumentOutOfRangeException(option, value, $"Option {option} must be in [{min}, {max}{(maxExclusive ? ")" : "]")}.");
    }

    public static void AtLeast(int value, int min, string option)
    {
        if (value < min)
            throw new ArgumentOutOfRangeException(option, value, $"Option {option} must be >= {min}.");
    }

    public static void Defined<TEnum>(TEnum value, string option) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentOutOfRangeException(option, value, $"Option {option} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
    }
}
