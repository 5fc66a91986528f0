using CsCheck;

namespace MlNetNeural.Tests.Properties;

/// <summary>
/// How many cases a property test checks, and from which seeds. By default every run checks the same cases (seeds
/// PCG(0), PCG(1), …), so CI is repeatable and a failure names the seed that replays it. To search further:
/// <c>MLNETNEURAL_PROPERTY_SCALE=20</c> checks 20 times as many cases, and <c>MLNETNEURAL_PROPERTY_RANDOM=1</c> draws
/// them from fresh random seeds with CsCheck's shrinking (e.g.
/// <c>MLNETNEURAL_PROPERTY_RANDOM=1 MLNETNEURAL_PROPERTY_SCALE=20 dotnet test tests/MlNetNeural.Tests -c Release --filter PropertyTests</c>).
/// </summary>
internal static class PropertyRuns
{
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("MLNETNEURAL_PROPERTY_SCALE"), out int scale) && scale > 0 ? scale : 1;
    private static readonly bool Random = Environment.GetEnvironmentVariable("MLNETNEURAL_PROPERTY_RANDOM") == "1";

    /// <summary>Checks <paramref name="assert"/> on <paramref name="cases"/> × the scale cases of <paramref name="gen"/>.</summary>
    public static void Check<T>(Gen<T> gen, Action<T> assert, int cases, int threads = -1)
    {
        long count = (long)cases * Scale;
        if (Random)
        {
            gen.Sample(assert, iter: count, threads: threads);
            return;
        }
        for (uint i = 0; i < count; i++)
            gen.Sample(assert, seed: new PCG(i, i).ToString(), iter: 1, threads: 1);
    }
}
