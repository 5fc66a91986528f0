namespace MlNetNeural.Cli.Output;

/// <summary>Writes a text file through a temporary file in the same folder and a rename, so readers never see half of it.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; on any failure the target is untouched and the temporary file removed.</summary>
    public static T Write<T>(string path, Func<TextWriter, T> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $"{Models.ModelFile.TempPrefix}{Path.GetFileName(full)}-{Guid.NewGuid():N}.tmp");
        try
        {
            T result;
            using (var writer = new StreamWriter(temp))
                result = write(writer);
            File.Move(temp, full, overwrite: true);
            return result;
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
