using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetNeural.Data;

/// <summary>The output columns each kind of trainer declares, matching ML.NET's built-in trainers.</summary>
internal static class TrainerOutputColumns
{
    private static SchemaShape TrainerOutput() => new(AnnotationUtils.GetTrainerOutputAnnotation());

    public static SchemaShape.Column[] BinaryWithoutProbability() =>
    [
        new("Score", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, TrainerOutput()),
        new("PredictedLabel", SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false, TrainerOutput()),
    ];

    public static SchemaShape.Column[] BinaryWithProbability() =>
    [
        new("Score", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, TrainerOutput()),
        new("Probability", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation(true))),
        new("PredictedLabel", SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false, TrainerOutput()),
    ];

    public static SchemaShape.Column[] Multiclass(SchemaShape.Column labelColumn) =>
    [
        new("Score", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false,
            new SchemaShape(AnnotationUtils.AnnotationsForMulticlassScoreColumn(labelColumn))),
        // PredictedLabel carries the label's key values (as ML.NET's own trainers declare), so that
        // MapKeyToValue("PredictedLabel") can follow the trainer in a pipeline.
        new("PredictedLabel", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true,
            new SchemaShape(KeyValuesOf(labelColumn).Concat(AnnotationUtils.GetTrainerOutputAnnotation()))),
    ];

    private static IEnumerable<SchemaShape.Column> KeyValuesOf(SchemaShape.Column label) =>
        label.IsValid && label.Annotations.TryFindColumn(AnnotationUtils.Kinds.KeyValues, out var keyValues) ? [keyValues] : [];

    public static SchemaShape.Column[] Regression() =>
    [
        new("Score", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, TrainerOutput()),
    ];

    public static void CheckBinaryLabel(SchemaShape.Column label)
    {
        bool ok = label.Kind == SchemaShape.Column.VectorKind.Scalar && !label.IsKey &&
            (label.ItemType is BooleanDataViewType || label.ItemType == NumberDataViewType.Single || label.ItemType == NumberDataViewType.Double);
        if (!ok)
            throw new ArgumentOutOfRangeException("labelColumn", $"Schema mismatch for label column '{label.Name}': expected Boolean, Single or Double, got {label.GetTypeString()}.");
    }

    public static void CheckKeyLabel(SchemaShape.Column label)
    {
        if (label.Kind != SchemaShape.Column.VectorKind.Scalar || !label.IsKey)
            throw new ArgumentOutOfRangeException("labelColumn", $"Schema mismatch for label column '{label.Name}': expected a key type (use MapValueToKey on the label first), got {label.GetTypeString()}.");
    }

    public static void CheckRegressionLabel(SchemaShape.Column label)
    {
        bool ok = label.Kind == SchemaShape.Column.VectorKind.Scalar && !label.IsKey &&
            (label.ItemType == NumberDataViewType.Single || label.ItemType == NumberDataViewType.Double);
        if (!ok)
            throw new ArgumentOutOfRangeException("labelColumn", $"Schema mismatch for label column '{label.Name}': expected Single or Double, got {label.GetTypeString()}.");
    }
}
