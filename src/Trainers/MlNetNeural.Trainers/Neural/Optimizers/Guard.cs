using System;
using System.Globalization;

namespace MlNetNeural.Neural.Optimizers;

/// <summary>
/// Range checks shared by the optimizer and schedule settings, so that every message has the
/// same shape: the setting's name, its valid range and the value it had.
/// </summary>
/// <remarks>
/// Each check is written as "not inside the range" so that NaN, which fails every comparison,
/// is rejected too.
/// </remarks>
internal static class Guard
{
    /// <summary>Requires <paramref name="value"/> in [0, 1).</summary>
    public static void Fraction(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw OutOfRange(name, value, "[0, 1)");
        }
    }

    /// <summary>Requires <paramref name="value"/> in (0, 1).</summary>
    public static void OpenFraction(double value, string name)
    {
        if (!(value > 0 && value < 1))
        {
            throw OutOfRange(name, value, "(0, 1)");
        }
    }

    /// <summary>Requires a finite <paramref name="value"/> &gt; 0.</summary>
    public static void Positive(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw OutOfRange(name, value, "(0, +inf), finite");
        }
    }

    /// <summary>Requires a finite <paramref name="value"/> &gt;= 0.</summary>
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw OutOfRange(name, value, "[0, +inf), finite");
        }
    }

    /// <summary>Requires <paramref name="value"/> &gt;= <paramref name="minimum"/>.</summary>
    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw OutOfRange(name, value, string.Create(CultureInfo.InvariantCulture, $"[{minimum}, {int.MaxValue}]"));
        }
    }

    /// <summary>Requires a finite <paramref name="value"/> &gt;= <paramref name="minimum"/>.</summary>
    public static void AtLeast(double value, double minimum, string name)
    {
        if (!(value >= minimum && double.IsFinite(value)))
        {
            throw OutOfRange(name, value, string.Create(CultureInfo.InvariantCulture, $"[{minimum}, +inf), finite"));
        }
    }

    private static ArgumentOutOfRangeException OutOfRange(string name, object value, string range) =>
        new(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be in {range}; it was {value}."));
}
