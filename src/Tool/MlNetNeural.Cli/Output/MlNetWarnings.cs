using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MlNetNeural.Cli.Output;

/// <summary>
/// The commands' <see cref="MLContext"/>, with every warning ML.NET and the trainers log shown on stderr as
/// <c>warning: …</c> (rows skipped for missing values, with their count, for one): <see cref="MLContext.Log"/> is
/// otherwise never read, and a user would not know rows were dropped.
/// </summary>
internal static class MlNetWarnings
{
    public static MLContext CreateContext(int seed, CliContext context)
    {
        var ml = new MLContext(seed);
        var error = context.Error;
        ml.Log += (_, e) =>
        {
            if (e.Kind != ChannelMessageKind.Warning)
                return;
            lock (error) // ML.NET may log from several threads
                error.WriteLine($"warning: {e.RawMessage}");
        };
        return ml;
    }
}
