using Microsoft.ML;

namespace MlNetNeural.Persistence;

/// <summary>
/// The version header of every MlNetNeural model block. Each format's history is recorded where the
/// format is defined.
/// </summary>
internal static class ModelVersions
{
    /// <summary>Version 0x00010001, the initial format of every model kind.</summary>
    public const uint Initial = 0x00010001;

    /// <summary>
    /// Version 0x00010002 of the MLP models and the hidden-layer featurizer: an <c>InputEncoding</c> block
    /// (see <c>InputEncodingCodec</c>) follows the network. Files at <see cref="Initial"/> still load, without one.
    /// </summary>
    public const uint WithInputEncoding = 0x00010002;

    /// <summary>
    /// Version 0x00010003 of the MLP models: a training-state block (an int32 length, then that many opaque bytes the
    /// trainer wrote, see <c>MlpModelParametersBase.TrainingState</c>) follows the input encoding. Written only by a
    /// model that has a training state; one without is still written at <see cref="WithInputEncoding"/>, so readers of
    /// that version still read it.
    /// </summary>
    public const uint WithTrainingState = 0x00010003;

    /// <summary>The header of a kind written at <see cref="WithTrainingState"/>, and read back to <see cref="Initial"/>.</summary>
    /// <param name="modelSignature">Eight characters identifying the kind.</param>
    /// <param name="loaderSignature">At most 24 characters; the name the loader is registered under.</param>
    /// <param name="modelType">The model-parameters type, whose assembly holds the loader.</param>
    public static VersionInfo AtTrainingState(string modelSignature, string loaderSignature, Type modelType) => new(
        modelSignature: modelSignature,
        verWrittenCur: WithTrainingState,
        verReadableCur: WithTrainingState,
        verWeCanReadBack: Initial,
        loaderSignature: loaderSignature,
        loaderAssemblyName: modelType.Assembly.FullName);

    /// <summary>The header of a kind at <see cref="WithInputEncoding"/> that still reads <see cref="Initial"/> files.</summary>
    /// <param name="modelSignature">Eight characters identifying the kind.</param>
    /// <param name="loaderSignature">At most 24 characters; the name the loader is registered under.</param>
    /// <param name="modelType">The model-parameters type, whose assembly holds the loader.</param>
    public static VersionInfo AtInputEncoding(string modelSignature, string loaderSignature, Type modelType) => new(
        modelSignature: modelSignature,
        verWrittenCur: WithInputEncoding,
        verReadableCur: WithInputEncoding,
        verWeCanReadBack: Initial,
        loaderSignature: loaderSignature,
        loaderAssemblyName: modelType.Assembly.FullName);

    /// <summary>
    /// Builds the header for a model kind at <see cref="Initial"/>. Named arguments matter: the
    /// constructor's two strings are easily swapped, and without the assembly name a fresh process
    /// cannot find the loader.
    /// </summary>
    /// <param name="modelSignature">Eight characters identifying the kind.</param>
    /// <param name="loaderSignature">At most 24 characters; the name the loader is registered under.</param>
    /// <param name="modelType">The model-parameters type, whose assembly holds the loader.</param>
    public static VersionInfo AtInitial(string modelSignature, string loaderSignature, Type modelType) => new(
        modelSignature: modelSignature,
        verWrittenCur: Initial,
        verReadableCur: Initial,
        verWeCanReadBack: Initial,
        loaderSignature: loaderSignature,
        loaderAssemblyName: modelType.Assembly.FullName);
}
