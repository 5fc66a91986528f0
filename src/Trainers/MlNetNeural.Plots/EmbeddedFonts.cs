using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace MlNetNeural.Plots;

/// <summary>
/// The embedded DejaVu Sans, registered with ScottPlot so that every picture has the same text on
/// every machine, including a fresh Linux machine with no fonts installed (SkiaSharp's
/// no-dependencies native build does not fall back to any font of its own).
/// </summary>
public static class EmbeddedFonts
{
    /// <summary>The family name the embedded font is registered under.</summary>
    public const string FamilyName = "DejaVu Sans";

    private static readonly Lazy<SKTypeface> Regular = new(() => Load("MlNetNeural.Plots.DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => Load("MlNetNeural.Plots.DejaVuSans-Bold.ttf"));
    private static readonly Lazy<bool> Registration = new(() =>
    {
        Fonts.FontResolvers.Insert(0, new Resolver());
        return true;
    });

    /// <summary>Registers the font with ScottPlot (once; later calls do nothing) and returns its family name.</summary>
    public static string Register()
    {
        _ = Registration.Value;
        return FamilyName;
    }

    /// <summary>Makes every text element of <paramref name="plot"/> use the embedded font.</summary>
    /// <param name="plot">The plot to style.</param>
    public static void Apply(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Font.Set(Register());
    }

    private static SKTypeface Load(string resource)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded font {resource} is missing from {typeof(EmbeddedFonts).Assembly.GetName().Name}.");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"SkiaSharp could not read the embedded font {resource}.");
    }

    /// <summary>Answers for <see cref="FamilyName"/> only; other names fall through to ScottPlot's next resolver.</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width)
            => Matches(fontName) ? (weight >= FontWeight.SemiBold ? Bold.Value : Regular.Value) : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
            => Matches(fontName) ? (bold ? Bold.Value : Regular.Value) : null;

        private static bool Matches(string fontName) => string.Equals(fontName, FamilyName, StringComparison.OrdinalIgnoreCase);
    }
}
