using MlNetNeural.Plots;

namespace MlNetNeural.Cli.Output;

/// <summary>Saves a plot as PNG through a temporary file and a rename, like the model zips.</summary>
internal static class PngFile
{
    /// <summary>Saves <paramref name="plot"/> to <paramref name="path"/>; returns the full path.</summary>
    public static string Save(ScottPlot.Plot plot, string path, int width = NeuralPlots.DefaultWidth, int height = NeuralPlots.DefaultHeight)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        string temp = Path.Combine(folder, $"{Models.ModelFile.TempPrefix}{Guid.NewGuid():N}.png");
        try
        {
            NeuralPlots.SavePng(plot, temp, width, height);
            File.Move(temp, full, overwrite: true);
            return full;
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Refuses a path that cannot be a PNG file: a folder, or a name without the .png extension.</summary>
    public static void Check(string option, string path)
    {
        if (Directory.Exists(path))
            throw new Parsing.UsageException($"--{option}: '{path}' is a folder; give a file name ending in .png");
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw new Parsing.UsageException($"--{option}: '{path}' must end in .png");
    }
}
