using System.Globalization;
using System.Numerics;

namespace MlNetNeural;

/// <summary>
/// Up-front validation of options and settings, the one mechanism for all of them: each failure is an
/// <see cref="InvalidOptionException"/> naming the option, its value and what it must be.
/// </summary>
/// <remarks>
/// Each check is written as "not inside the range" so that NaN, which fails every comparison, is rejected too.
/// </remarks>
internal static class OptionChecks
{
    /// <summary>Requires a column name.</summary>
    public static void NotEmpty(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOptionException(option, value, "the name of a column");
    }

    /// <summary>Requires a finite <paramref name="value"/> &gt; 0.</summary>
    public static void Positive<T>(T value, string option) where T : IFloatingPoint<T>
    {
        if (!(value > T.Zero) || !T.IsFinite(value))
            throw new InvalidOptionException(option, value, "a finite number > 0");
    }

    /// <summary>Requires a finite <paramref name="value"/> &gt;= 0 (at <paramref name="element"/> of the option, if given).</summary>
    public static void NonNegative<T>(T value, string option, string element = "") where T : IFloatingPoint<T>
    {
        if (!(value >= T.Zero) || !T.IsFinite(value))
            throw new InvalidOptionException(option, value, "a finite number >= 0", element);
    }

    /// <summary>Requires a finite <paramref name="value"/> &gt;= <paramref name="min"/>.</summary>
    public static void AtLeast<T>(T value, T min, string option) where T : IFloatingPoint<T>
    {
        if (!(value >= min) || !T.IsFinite(value))
            throw new InvalidOptionException(option, value, string.Create(CultureInfo.InvariantCulture, $"a finite number >= {min}"));
    }

    /// <summary>Requires <paramref name="value"/> in [<paramref name="min"/>, <paramref name="max"/>], or [min, max) with <paramref name="maxExclusive"/>.</summary>
    public static void InRange<T>(T value, T min, T max, string option, bool maxExclusive = false) where T : INumber<T>
    {
        if (!(value >= min && (maxExclusive ? value < max : value <= max)))
            throw new InvalidOptionException(option, value,
                string.Create(CultureInfo.InvariantCulture, $"in [{min}, {max}{(maxExclusive ? ")" : "]")}"));
    }

    /// <summary>Requires <paramref name="value"/> in [0, 1).</summary>
    public static void Fraction(double value, string option) => InRange(value, 0, 1, option, maxExclusive: true);

    /// <summary>Requires <paramref name="value"/> in (0, 1).</summary>
    public static void OpenFraction<T>(T value, string option) where T : IFloatingPoint<T>
    {
        if (!(value > T.Zero && value < T.One))
            throw new InvalidOptionException(option, value, "in (0, 1)");
    }

    /// <summary>Requires <paramref name="value"/> &gt;= <paramref name="min"/> (at <paramref name="element"/> of the option, if given).</summary>
    public static void AtLeast(int value, int min, string option, string element = "")
    {
        if (value < min)
            throw new InvalidOptionException(option, value, string.Create(CultureInfo.InvariantCulture, $">= {min}"), element);
    }

    /// <summary>Requires a named member of <typeparamref name="TEnum"/>.</summary>
    public static void Defined<TEnum>(TEnum value, string option) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new InvalidOptionException(option, value, $"one of {string.Join(", ", Enum.GetNames<TEnum>())}");
    }

    /// <summary>Runs a settings object's own checks, reporting a failure as one of <paramref name="option"/>, the option that holds it.</summary>
    public static void Settings(Action validate, string option)
    {
        try
        {
            validate();
        }
        catch (InvalidOptionException e)
        {
            throw e.Within(option);
        }
    }
}
