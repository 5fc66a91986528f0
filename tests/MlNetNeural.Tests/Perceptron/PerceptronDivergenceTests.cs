using Microsoft.ML;
using MlNetNeural.Perceptron;
using MlNetNeural.Tests.Infrastructure;

namespace MlNetNeural.Tests.Perceptron;

/// <summary>A perceptron never returns weights its own loader would refuse as overflowing.</summary>
public sealed class PerceptronDivergenceTests
{
    [Fact]
    public void An_absurd_learning_rate_on_raw_features_fails_naming_LearningRate()
    {
        // Raw breast_cancer features reach ~4000; η = 1e36 makes |w|·2²⁰ overflow float32 after one mistake.
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var trainer = ml.BinaryClassification.Trainers.Perceptron(new PerceptronBinaryTrainer.Options { LearningRate = 1e36f, Averaged = false });
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(data));
        Assert.Contains("LearningRate", error.Message);
    }

    [Fact]
    public void The_multiclass_perceptron_guards_the_same_way()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Multiclass(ml, "iris");
        var trainer = ml.MulticlassClassification.Trainers.Perceptron(new PerceptronMulticlassTrainer.Options { LearningRate = 1e36f, Averaged = false });
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(data));
        Assert.Contains("LearningRate", error.Message);
    }

    [Fact]
    public void An_ordinary_learning_rate_trains_a_model_that_saves_and_loads()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.Binary(ml, "breast_cancer");
        var model = ml.BinaryClassification.Trainers.Perceptron().Fit(data);
        using var temp = new TempDirectory();
        ml.Model.Save(model, data.Schema, temp.File("m.zip"));
        var loaded = ml.Model.Load(temp.File("m.zip"), out _);
        Assert.All(Scores.Read(loaded.Transform(data)), s => Assert.True(float.IsFinite(s)));
    }
}
