using TorchSharp;

namespace MlNetNeural.TorchSharp;

/// <summary>Loads libtorch once per process and turns a failure into one clear message.</summary>
internal static class LibTorch
{
    private static readonly Lazy<Exception?> LoadError = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the native library, or throws the (cached) reason it cannot be loaded.</summary>
    /// <exception cref="InvalidOperationException">The message names TorchSharp and the cause.</exception>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error)
            throw new InvalidOperationException(error.Message, error.InnerException);
    }

    private static InvalidOperationException? TryLoad()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            // Touch the native side once: a broken install fails here rather than inside a training step.
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new InvalidOperationException(Describe(e), e);
        }
    }

    internal static string Describe(Exception e)
    {
        var root = e;
        while (root is TypeInitializationException { InnerException: { } inner })
            root = inner;
        string detail = root.Message;
        string hint = detail.Contains("GLIBCXX", StringComparison.Ordinal)
            ? " The host's libstdc++ is older than GCC 13: build the project that references MlNetNeural.Trainers.TorchSharp " +
              "with eng/TorchSharpNativeFix.targets imported, which patches the output folder's copy of libLibTorchSharp.so."
            : " Check that the TorchSharp-cpu package (libtorch) is restored and that its runtimes/<rid>/native files are in the output folder.";
        return $"TorchSharp backend: the libtorch native library could not be loaded ({root.GetType().Name}: {FirstLines(detail, 12)}).{hint}";
    }

    private static string FirstLines(string text, int count)
    {
        var lines = text.Split('\n');
        return lines.Length <= count ? text.TrimEnd() : string.Join('\n', lines.Take(count)).TrimEnd() + " …";
    }
}
