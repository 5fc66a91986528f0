using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.BadInput;

/// <summary>
/// Every bad input to the perceptron trainers is refused with the exception type ML.NET users
/// expect and a message that names the culprit: the column (and row) or the option. Where ML.NET's
/// own checks run first (missing columns, vector kinds, scoring), the tests pin what ML.NET throws.
/// </summary>
public sealed class PerceptronBadInputTests
{
    public enum TrainerKind
    {
        Binary,
        Multiclass,
    }

    private const int ClassCount = 3;

    // ----- Columns -----

    [Theory]
    [InlineData(TrainerKind.Binary)]
    [InlineData(TrainerKind.Multiclass)]
    public void Missing_label_column_is_refused_by_MLNET_naming_the_column(TrainerKind kind)
    {
        var ml = new MLContext(seed: 1);
        var data = GoodData(ml, kind);
        var trainer = Trainer(ml, kind, o => o.LabelColumnName = "Outcome");

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        Assert.Contains("label column 'Outcome'", ex.Message);
        var schemaEx = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.Contains("'Outcome'", schemaEx.Message);
    }

    [Theory]
    [InlineData(TrainerKind.Binary)]
    [InlineData(TrainerKind.Multiclass)]
    public void Missing_feature_column_is_refused_by_MLNET_naming_the_column(TrainerKind kind)
    {
        var ml = new MLContext(seed: 1);
        var data = GoodData(ml, kind);
        var trainer = Trainer(ml, kind, o => o.FeatureColumnName = "Pixels");

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        Assert.Contains("feature column 'Pixels'", ex.Message);
    }

    [Fact]
    public void Missing_weight_column_is_refused_by_MLNET_naming_the_column()
    {
        var ml = new MLContext(seed: 1);
        var trainer = Trainer(ml, TrainerKind.Binary, o => o.ExampleWeightColumnName = "Importance");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(GoodData(ml, TrainerKind.Binary)));
        Assert.Contains("weight column 'Importance'", ex.Message);
    }

    [Fact]
    public void String_label_is_refused_by_the_binary_trainer_naming_the_column_and_the_types()
    {
        var ml = new MLContext(seed: 1);
        var data = Load(ml, [new StringLabelRow { Features = [1, 2], Answer = "yes" }, new StringLabelRow { Features = [2, 1], Answer = "no" }]);
        var trainer = Trainer(ml, TrainerKind.Binary, o => o.LabelColumnName = nameof(StringLabelRow.Answer));

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        Assert.Contains("label column 'Answer'", ex.Message);
        Assert.Contains("Boolean", ex.Message);
        Assert.Contains("String", ex.Message);
    }

    [Fact]
    public void Float_label_is_refused_by_the_multiclass_trainer_which_needs_a_key()
    {
        var ml = new MLContext(seed: 1);
        var data = Load(ml, [new FloatLabelRow { Features = [1, 2], Class = 0 }, new FloatLabelRow { Features = [2, 1], Class = 2 }]);
        var trainer = Trainer(ml, TrainerKind.Multiclass, o => o.LabelColumnName = nameof(FloatLabelRow.Class));

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        Assert.Contains("label column 'Class'", ex.Message);
        Assert.Contains("key", ex.Message);
        Assert.Contains("MapValueToKey", ex.Message);
    }

    [Fact]
    public void Double_example_weight_is_refused_by_MLNET_naming_the_column()
    {
        // ML.NET's TrainerEstimatorBase checks the weight column against a Single scalar before training.
        var ml = new MLContext(seed: 1);
        var data = Load(ml, [new DoubleWeightRow { Features = [1, 2], Label = true, Importance = 1 }, new DoubleWeightRow { Features = [2, 1], Label = false, Importance = 1 }]);
        var trainer = Trainer(ml, TrainerKind.Binary, o => o.ExampleWeightColumnName = nameof(DoubleWeightRow.Importance));

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        Assert.Contains("weight column 'Importance'", ex.Message);
        Assert.Contains("Double", ex.Message);
    }

    [Theory]
    [InlineData(TrainerKind.Binary)]
    [InlineData(TrainerKind.Multiclass)]
    public void Variable_size_features_vector_is_refused_naming_the_column(TrainerKind kind)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = kind == TrainerKind.Binary
            ? ml.Data.LoadFromEnumerable(new[] { new BinaryRow { Features = [1, 2], Label = true }, new BinaryRow { Features = [2, 1, 0], Label = false } })
            : ml.Data.LoadFromEnumerable(new[] { new KeyRow { Features = [1, 2], Label = 0 }, new KeyRow { Features = [2, 1, 0], Label = 1 } }, KeySchema(variableFeatures: true));
        Assert.True(data.Schema["Features"].Type is VectorDataViewType { IsKnownSize: false });

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer(ml, kind).Fit(data));
        Assert.Contains("feature column 'Features'", ex.Message);
        Assert.Contains("VarVector", ex.Message);
    }

    // ----- Rows -----

    [Theory]
    [InlineData(TrainerKind.Binary)]
    [InlineData(TrainerKind.Multiclass)]
    public void Empty_data_is_refused_naming_the_columns(TrainerKind kind)
    {
        var ml = new MLContext(seed: 1);
        var data = kind == TrainerKind.Binary ? Binary(ml) : Multiclass(ml);

        var ex = Assert.Throws<InvalidOperationException>(() => Trainer(ml, kind).Fit(data));
        Assert.Contains("empty", ex.Message);
        Assert.Contains("'Features'", ex.Message);
        Assert.Contains("'Label'", ex.Message);
    }

    [Fact]
    public void One_class_data_is_refused_by_the_binary_trainer_naming_the_label_and_the_class()
    {
        var ml = new MLContext(seed: 1);
        var data = Binary(ml, ([1, 2], true), ([2, 1], true), ([0, 1], true));
        var ex = Assert.Throws<InvalidOperationException>(() => Trainer(ml, TrainerKind.Binary).Fit(data));
        Assert.Contains("Label column 'Label'", ex.Message);
        Assert.Contains("only one class (true)", ex.Message);
    }

    [Fact]
    public void One_class_data_is_refused_by_the_multiclass_trainer_naming_the_label_and_the_class()
    {
        var ml = new MLContext(seed: 1);
        var data = Multiclass(ml, ([1, 2], 1), ([2, 1], 1), ([0, 1], 1));
        var ex = Assert.Throws<InvalidOperationException>(() => Trainer(ml, TrainerKind.Multiclass).Fit(data));
        Assert.Contains("Label column 'Label'", ex.Message);
        Assert.Contains("only one class (key 2)", ex.Message);
    }

    [Fact]
    public void A_key_label_with_a_single_value_is_refused_by_the_multiclass_trainer()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new KeyRow { Features = [1, 2], Label = 0 } }, KeySchema(keyCount: 1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer(ml, TrainerKind.Multiclass).Fit(data));
        Assert.Contains("label column 'Label'", ex.Message);
        Assert.Contains("at least two", ex.Message);
    }

    [Theory]
    [InlineData(TrainerKind.Binary, float.NaN)]
    [InlineData(TrainerKind.Binary, float.PositiveInfinity)]
    [InlineData(TrainerKind.Multiclass, float.NaN)]
    public void Non_finite_feature_with_InvalidRows_Throw_names_the_column_the_row_and_the_slot(TrainerKind kind, float bad)
    {
        var ml = new MLContext(seed: 1);
        var data = kind == TrainerKind.Binary
            ? Binary(ml, ([1, 2], true), ([2, 1], false), ([0, bad], true))
            : Multiclass(ml, ([1, 2], 0), ([2, 1], 1), ([0, bad], 2));

        var ex = Assert.Throws<InvalidOperationException>(() => Trainer(ml, kind, o => o.InvalidRows = InvalidRowHandling.Throw).Fit(data));
        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("feature column 'Features'", ex.Message);
        Assert.Contains("slot 1", ex.Message);
        Assert.Contains(nameof(TrainerOptionsBase.InvalidRows), ex.Message);
    }

    [Fact]
    public void Key_label_outside_its_key_range_with_InvalidRows_Throw_names_the_label_column_and_the_row()
    {
        // Class index 5 of 3: LoadFromEnumerable turns an out-of-range key into the missing key 0,
        // so the trainer sees (and reports) a missing label on that row.
        var ml = new MLContext(seed: 1);
        var data = Multiclass(ml, ([1, 2], 0), ([2, 1], 1), ([3, 3], 5));
        var ex = Assert.Throws<InvalidOperationException>(() => Trainer(ml, TrainerKind.Multiclass, o => o.InvalidRows = InvalidRowHandling.Throw).Fit(data));
        Assert.Contains("Row 2", ex.Message);
        Assert.Contains("label column 'Label'", ex.Message);
        Assert.Contains("missing", ex.Message);
    }

    [Fact]
    public void Missing_label_with_InvalidRows_Throw_names_the_label_column_and_the_row()
    {
        var ml = new MLContext(seed: 1);
        var data = Load(ml, [new FloatLabelRow { Features = [1, 2], Class = 1 }, new FloatLabelRow { Features = [2, 1], Class = float.NaN }]);
        var trainer = Trainer(ml, TrainerKind.Binary, o => { o.LabelColumnName = nameof(FloatLabelRow.Class); o.InvalidRows = InvalidRowHandling.Throw; });
        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(data));
        Assert.Contains("Row 1", ex.Message);
        Assert.Contains("label column 'Class'", ex.Message);
    }

    [Theory]
    [InlineData(TrainerKind.Binary)]
    [InlineData(TrainerKind.Multiclass)]
    public void Non_finite_feature_rows_are_skipped_by_default_with_a_warning_and_the_model_still_trains(TrainerKind kind)
    {
        var clean = Enumerable.Range(0, 12).Select(i => (x: new[] { i % 3 - 1f, i / 3 - 1.5f }, cls: (uint)(i % 3))).ToList();
        var dirty = clean.ToList();
        dirty.Insert(4, ([float.NaN, 0], 0));
        dirty.Insert(9, ([0, float.NegativeInfinity], 1));

        IDataView Data(MLContext ml, List<(float[] x, uint cls)> rows) => kind == TrainerKind.Binary
            ? Binary(ml, rows.Select(r => (r.x, r.cls == 0)).ToArray())
            : Multiclass(ml, rows.ToArray());

        var warnings = new List<string>();
        var ml = new MLContext(seed: 1);
        // This project compiles against publicized ML.NET, where the Log event and its backing field
        // share a name (CS0229), so the handler is attached through reflection.
        typeof(MLContext).GetEvent("Log")!.AddEventHandler(ml, new EventHandler<LoggingEventArgs>((_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning)
            {
                lock (warnings)
                    warnings.Add(e.Message);
            }
        }));
        var fromDirty = Scores.Read(Trainer(ml, kind, o => o.Shuffle = false).Fit(Data(ml, dirty)).Transform(Data(ml, clean)));
        var fromClean = Scores.Read(Trainer(ml, kind, o => o.Shuffle = false).Fit(Data(ml, clean)).Transform(Data(ml, clean)));

        Assert.Equal(Scores.Bits(fromClean), Scores.Bits(fromDirty));
        Assert.Contains(warnings, w => w.Contains("Skipped 2 of 14") && w.Contains("'Features'"));
    }

    [Theory]
    [InlineData(TrainerKind.Binary)]
    [InlineData(TrainerKind.Multiclass)]
    public void All_rows_invalid_is_refused_naming_the_feature_column(TrainerKind kind)
    {
        var ml = new MLContext(seed: 1);
        var data = kind == TrainerKind.Binary
            ? Binary(ml, ([float.NaN, 1], true), ([2, float.NaN], false))
            : Multiclass(ml, ([float.NaN, 1], 0), ([2, float.NaN], 1));
        var ex = Assert.Throws<InvalidOperationException>(() => Trainer(ml, kind).Fit(data));
        Assert.Contains("No valid training rows", ex.Message);
        Assert.Contains("all 2 rows", ex.Message);
        Assert.Contains("feature column 'Features'", ex.Message);
    }

    [Theory]
    [InlineData(TrainerKind.Binary)]
    [InlineData(TrainerKind.Multiclass)]
    public void Negative_example_weight_is_refused_naming_the_column_and_the_row(TrainerKind kind)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = kind == TrainerKind.Binary
            ? Load(ml, [new WeightedBinaryRow { Features = [1, 2], Label = true, Importance = 1 }, new WeightedBinaryRow { Features = [2, 1], Label = false, Importance = -0.5f }])
            : ml.Data.LoadFromEnumerable(new[]
            {
                new WeightedKeyRow { Features = [1, 2], Label = 0, Importance = 1 },
                new WeightedKeyRow { Features = [2, 1], Label = 1, Importance = -0.5f },
            }, WeightedKeySchema());
        var trainer = Trainer(ml, kind, o => o.ExampleWeightColumnName = "Importance");

        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(data));
        Assert.Contains("Row 1", ex.Message);
        Assert.Contains("weight column 'Importance'", ex.Message);
        Assert.Contains("negative", ex.Message);
    }

    [Fact]
    public void All_zero_example_weights_are_refused_naming_the_column()
    {
        var ml = new MLContext(seed: 1);
        var rows = new[]
        {
            new WeightedKeyRow { Features = [1, 2], Label = 0, Importance = 0 },
            new WeightedKeyRow { Features = [2, 1], Label = 1, Importance = 0 },
        };
        var data = ml.Data.LoadFromEnumerable(rows, WeightedKeySchema());
        var ex = Assert.Throws<InvalidOperationException>(() =>
            Trainer(ml, TrainerKind.Multiclass, o => o.ExampleWeightColumnName = nameof(WeightedKeyRow.Importance)).Fit(data));
        Assert.Contains("'Importance'", ex.Message);
        Assert.Contains("zero", ex.Message);
    }

    // ----- Options -----

    public static TheoryData<TrainerKind, string, Action<PerceptronOptionsBase>> InvalidOptions()
    {
        var cases = new (string option, Action<PerceptronOptionsBase> set)[]
        {
            (nameof(PerceptronOptionsBase.LearningRate), o => o.LearningRate = 0),
            (nameof(PerceptronOptionsBase.LearningRate), o => o.LearningRate = -0.1f),
            (nameof(PerceptronOptionsBase.LearningRate), o => o.LearningRate = float.NaN),
            (nameof(PerceptronOptionsBase.LearningRate), o => o.LearningRate = float.PositiveInfinity),
            (nameof(PerceptronOptionsBase.NumberOfEpochs), o => o.NumberOfEpochs = 0),
            (nameof(PerceptronOptionsBase.NumberOfEpochs), o => o.NumberOfEpochs = -3),
            (nameof(PerceptronOptionsBase.LabelColumnName), o => o.LabelColumnName = ""),
            (nameof(PerceptronOptionsBase.LabelColumnName), o => o.LabelColumnName = null!),
            (nameof(PerceptronOptionsBase.FeatureColumnName), o => o.FeatureColumnName = " "),
            (nameof(PerceptronOptionsBase.ExampleWeightColumnName), o => o.ExampleWeightColumnName = ""),
            (nameof(PerceptronOptionsBase.InvalidRows), o => o.InvalidRows = (InvalidRowHandling)7),
        };
        var data = new TheoryData<TrainerKind, string, Action<PerceptronOptionsBase>>();
        foreach (var kind in Enum.GetValues<TrainerKind>())
        {
            foreach (var (option, set) in cases)
                data.Add(kind, option, set);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_option_is_refused_when_the_trainer_is_created_naming_the_option(TrainerKind kind, string option, Action<PerceptronOptionsBase> set)
    {
        var ml = new MLContext(seed: 1);
        // Thrown by the catalog call itself, before any data is seen.
        var ex = Assert.ThrowsAny<ArgumentException>(() => Trainer(ml, kind, set));
        Assert.Equal(option, ex.ParamName);
        Assert.Contains(option, ex.Message);
    }

    [Theory]
    [InlineData(0f, 10, nameof(PerceptronOptionsBase.LearningRate))]
    [InlineData(1f, 0, nameof(PerceptronOptionsBase.NumberOfEpochs))]
    public void Invalid_arguments_to_the_simple_catalog_overloads_are_refused_naming_the_option(float learningRate, int epochs, string option)
    {
        var ml = new MLContext(seed: 1);
        var binary = Assert.IsType<InvalidOptionException>(Record.Exception(() =>
            ml.BinaryClassification.Trainers.Perceptron(learningRate: learningRate, numberOfEpochs: epochs)));
        Assert.Contains(option, binary.Message);
        var multiclass = Assert.IsType<InvalidOptionException>(Record.Exception(() =>
            ml.MulticlassClassification.Trainers.Perceptron(learningRate: learningRate, numberOfEpochs: epochs)));
        Assert.Contains(option, multiclass.Message);
    }

    [Fact]
    public void Null_options_are_refused()
    {
        var ml = new MLContext(seed: 1);
        Assert.Throws<ArgumentNullException>(() => ml.BinaryClassification.Trainers.Perceptron((PerceptronBinaryTrainer.Options)null!));
        Assert.Throws<ArgumentNullException>(() => ml.MulticlassClassification.Trainers.Perceptron((PerceptronMulticlassTrainer.Options)null!));
    }

    // ----- Scoring -----

    [Theory]
    [InlineData(TrainerKind.Binary)]
    [InlineData(TrainerKind.Multiclass)]
    public void Scoring_data_with_a_different_vector_size_is_refused_naming_both_sizes(TrainerKind kind)
    {
        var ml = new MLContext(seed: 1);
        var model = Trainer(ml, kind).Fit(GoodData(ml, kind));
        var wider = kind == TrainerKind.Binary
            ? Binary(ml, ([1, 2, 3], true), ([3, 2, 1], false))
            : Multiclass(ml, ([1, 2, 3], 0), ([3, 2, 1], 1));

        var ex = Assert.Throws<InvalidOperationException>(() => model.Transform(wider));
        Assert.Contains("features column", ex.Message);
        Assert.Contains("Vector<Single, 3>", ex.Message);
        Assert.Contains("Vector<Single, 2>", ex.Message);

        // The same through a model saved and loaded back.
        using var temp = new TempDirectory();
        ml.Model.Save(model, GoodData(ml, kind).Schema, temp.File("model.zip"));
        var loaded = ml.Model.Load(temp.File("model.zip"), out _);
        var loadedEx = Assert.Throws<InvalidOperationException>(() => loaded.Transform(wider));
        Assert.Contains("Vector<Single, 3>", loadedEx.Message);
    }

    // ----- Helpers -----

    private static IEstimator<ITransformer> Trainer(MLContext ml, TrainerKind kind, Action<PerceptronOptionsBase>? configure = null)
    {
        if (kind == TrainerKind.Binary)
        {
            var options = new PerceptronBinaryTrainer.Options();
            configure?.Invoke(options);
            return ml.BinaryClassification.Trainers.Perceptron(options);
        }
        var multiclass = new PerceptronMulticlassTrainer.Options();
        configure?.Invoke(multiclass);
        return ml.MulticlassClassification.Trainers.Perceptron(multiclass);
    }

    private static IDataView GoodData(MLContext ml, TrainerKind kind) => kind == TrainerKind.Binary
        ? Binary(ml, ([1, 2], true), ([2, 1], false), ([3, 3], true))
        : Multiclass(ml, ([1, 2], 0), ([2, 1], 1), ([3, 3], 2));

    private static IDataView Binary(MLContext ml, params (float[] x, bool label)[] rows)
    {
        var schema = SchemaDefinition.Create(typeof(BinaryRow));
        schema[nameof(BinaryRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows.Length > 0 ? rows[0].x.Length : 2);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new BinaryRow { Features = r.x, Label = r.label }).ToList(), schema);
    }

    /// <summary>
    /// A key label with <see cref="ClassCount"/> values. <paramref name="rows"/> hold class indices 0..2:
    /// <c>LoadFromEnumerable</c> adds one to a key-typed property, so class c becomes key value c + 1.
    /// </summary>
    private static IDataView Multiclass(MLContext ml, params (float[] x, uint cls)[] rows)
    {
        var schema = KeySchema(featureCount: rows.Length > 0 ? rows[0].x.Length : 2);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new KeyRow { Features = r.x, Label = r.cls }).ToList(), schema);
    }

    private static SchemaDefinition KeySchema(int featureCount = 2, int keyCount = ClassCount, bool variableFeatures = false)
    {
        var schema = SchemaDefinition.Create(typeof(KeyRow));
        if (!variableFeatures)
            schema[nameof(KeyRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        schema[nameof(KeyRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), keyCount);
        return schema;
    }

    private static SchemaDefinition WeightedKeySchema()
    {
        var schema = SchemaDefinition.Create(typeof(WeightedKeyRow));
        schema[nameof(WeightedKeyRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        schema[nameof(WeightedKeyRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), ClassCount);
        return schema;
    }

    private static IDataView Load<TRow>(MLContext ml, TRow[] rows) where TRow : class, IHasFeatures
    {
        var schema = SchemaDefinition.Create(typeof(TRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Features.Length);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private interface IHasFeatures
    {
        float[] Features { get; }
    }

    private sealed class BinaryRow : IHasFeatures
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class KeyRow : IHasFeatures
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }
    }

    private sealed class WeightedKeyRow : IHasFeatures
    {
        public float[] Features { get; set; } = [];

        public uint Label { get; set; }

        public float Importance { get; set; }
    }

    private sealed class StringLabelRow : IHasFeatures
    {
        public float[] Features { get; set; } = [];

        public string Answer { get; set; } = "";
    }

    private sealed class FloatLabelRow : IHasFeatures
    {
        public float[] Features { get; set; } = [];

        public float Class { get; set; }
    }

    private sealed class DoubleWeightRow : IHasFeatures
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public double Importance { get; set; }
    }

    private sealed class WeightedBinaryRow : IHasFeatures
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Importance { get; set; }
    }
}
