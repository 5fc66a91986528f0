using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Search;

namespace MlNetNeural.Benchmarks.Quality;

/// <summary>The task a quality data set poses, which decides the trainers and the metrics.</summary>
internal enum QualityTask
{
    Binary,
    Multiclass,
    Regression,
}

/// <summary>
/// One data set of the quality benchmark with the pipeline a user would write for it, and how it is scored:
/// 5-fold cross-validation, or a fixed train/test pair.
/// </summary>
/// <param name="Name">The file's name without extension.</param>
/// <param name="Task">Binary, multiclass or regression.</param>
/// <param name="Data">All rows, for cross-validation; <c>null</c> when <paramref name="Split"/> is given.</param>
/// <param name="Split">A fixed training and test set, or <c>null</c> for cross-validation.</param>
/// <param name="Featurize">Turns the loaded columns into <c>Features</c> (and a key <c>Label</c> for multiclass).</param>
/// <param name="Protocol">How the figure was obtained, for the table.</param>
internal sealed record QualityDataset(string Name, QualityTask Task, IDataView? Data, (IDataView Train, IDataView Test)? Split,
    IEstimator<ITransformer> Featurize, string Protocol);

/// <summary>Loads every data set in <c>samples/data</c> (copied next to the benchmark) with its pipeline.</summary>
internal static class QualityDatasets
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "data");

    public static IReadOnlyList<QualityDataset> All(MLContext ml) =>
    [
        Textbook(ml, "breast_cancer", QualityTask.Binary, 30, DataKind.Boolean),
        Textbook(ml, "moons_200", QualityTask.Binary, 2, DataKind.Boolean),
        Textbook(ml, "moons_1000", QualityTask.Binary, 2, DataKind.Boolean),
        Textbook(ml, "iris", QualityTask.Multiclass, 4, DataKind.String),
        Textbook(ml, "digits", QualityTask.Multiclass, 64, DataKind.Single),
        Textbook(ml, "diabetes", QualityTask.Regression, 10, DataKind.Single),
        BikeHour(ml),
        NewspaperChurn(ml),
        SmsSpam(ml),
    ];

    // The scikit-learn sets: features f0 … f(n−1), label last; standardized, as the samples do.
    private static QualityDataset Textbook(MLContext ml, string name, QualityTask task, int features, DataKind labelKind)
    {
        var data = ml.Data.LoadFromTextFile(Path.Combine(Directory, name + ".csv"),
            [new TextLoader.Column("Features", DataKind.Single, 0, features - 1), new TextLoader.Column("Label", labelKind, features)],
            separatorChar: ',', hasHeader: true);
        IEstimator<ITransformer> featurize = ml.Transforms.NormalizeMeanVariance("Features");
        if (task == QualityTask.Multiclass)
            featurize = ml.Transforms.Conversion.MapValueToKey("Label").Append(featurize);
        return new QualityDataset(name, task, ml.Data.Cache(data), null, featurize, "5-fold CV");
    }

    // ML.NET's bike-sharing sample: its own train/test files, every numeric column as a number (hour, weekday and
    // month are categories written as numbers), standardized; casual + registered = cnt, so both are left out.
    private static QualityDataset BikeHour(MLContext ml)
    {
        string[] numeric = ["season", "yr", "mnth", "hr", "holiday", "weekday", "workingday", "weathersit", "temp", "atemp", "hum", "windspeed"];
        var columns = numeric.Select((name, i) => new TextLoader.Column(name, DataKind.Single, i + 2))
            .Append(new TextLoader.Column("Label", DataKind.Single, 16)).ToArray();
        IDataView Load(string file) => ml.Data.Cache(ml.Data.LoadFromTextFile(Path.Combine(Directory, file), columns, separatorChar: ',', hasHeader: true));
        var featurize = ml.Transforms.Concatenate("Features", numeric).Append(ml.Transforms.NormalizeMeanVariance("Features"));
        return new QualityDataset("bike_hour", QualityTask.Regression, null, (Load("bike_hour_train.csv"), Load("bike_hour_test.csv")), featurize, "fixed train/test files");
    }

    // ML.NET's newspaper-churn test data: text categoricals one-hot encoded, the numeric columns standardized; the
    // subscription ID and the street address identify a row and are left out. Stratified 20 % test split, seed 1.
    private static QualityDataset NewspaperChurn(MLContext ml)
    {
        string[] categorical = ["HH Income", "Home Ownership", "Ethnicity", "dummy for Children", "Age range", "Language",
            "State", "City", "County", "weekly fee", "Deliveryperiod", "Nielsen Prizm", "Source Channel"];
        (string Name, int Index)[] numeric = [("Year Of Residence", 5), ("Zip Code", 12), ("reward program", 16)];
        int[] categoricalIndex = [1, 2, 3, 4, 6, 7, 9, 10, 11, 13, 14, 15, 17];
        var columns = categorical.Select((name, i) => new TextLoader.Column(name, DataKind.String, categoricalIndex[i]))
            .Concat(numeric.Select(c => new TextLoader.Column(c.Name, DataKind.Single, c.Index)))
            .Append(new TextLoader.Column("Subscriber", DataKind.String, 18)).ToArray();
        var raw = ml.Data.LoadFromTextFile(Path.Combine(Directory, "newspaper_churn.csv"), columns, separatorChar: ',', hasHeader: true, allowQuoting: true);
        var labelled = ml.Transforms.Conversion.MapValue("Label", new[] { KeyValuePair.Create("YES", true), KeyValuePair.Create("NO", false) }, "Subscriber")
            .Fit(raw).Transform(raw);
        var split = StratifiedSplit.TrainTestSplit(ml, ml.Data.Cache(labelled), testFraction: 0.2, seed: 1);
        var featurize = ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c, c)).ToArray())
            .Append(ml.Transforms.Concatenate("Features", categorical.Concat(numeric.Select(c => c.Name)).ToArray()))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        return new QualityDataset("newspaper_churn", QualityTask.Binary, null, (split.TrainSet, split.TestSet), featurize, "stratified 20 % test split");
    }

    // The text sample's pipeline: FeaturizeText on the message, the same stratified 20 % split.
    private static QualityDataset SmsSpam(MLContext ml)
    {
        var raw = ml.Data.LoadFromTextFile(Path.Combine(Directory, "sms_spam.tsv"),
            [new TextLoader.Column("LabelText", DataKind.String, 0), new TextLoader.Column("Text", DataKind.String, 1)],
            separatorChar: '\t', hasHeader: false, allowQuoting: false);
        var labelled = ml.Transforms.Conversion.MapValue("Label", new[] { KeyValuePair.Create("spam", true), KeyValuePair.Create("ham", false) }, "LabelText")
            .Fit(raw).Transform(raw);
        var split = StratifiedSplit.TrainTestSplit(ml, ml.Data.Cache(labelled), testFraction: 0.2, seed: 1);
        return new QualityDataset("sms_spam", QualityTask.Binary, null, (split.TrainSet, split.TestSet), ml.Transforms.Text.FeaturizeText("Features", "Text"),
            "stratified 20 % test split");
    }
}
