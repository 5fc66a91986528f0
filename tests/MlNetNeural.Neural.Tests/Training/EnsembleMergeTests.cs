using MlNetNeural.Training;
using Xunit;

namespace MlNetNeural.Neural.Tests.Training;

/// <summary>The merged network of an ensemble outputs the mean of its members' outputs, for any depth.</summary>
public class EnsembleMergeTests
{
    [Theory]
    [InlineData(new int[0], 3)]
    [InlineData(new[] { 5 }, 2)]
    [InlineData(new[] { 4, 3 }, 4)]
    [InlineData(new[] { 6, 2, 3 }, 3)]
    public void The_merged_network_outputs_the_mean_of_the_members_outputs(int[] hidden, int members)
    {
        const int inputs = 7, outputs = 3;
        var random = new Random(hidden.Length * 10 + members);
        var nets = Enumerable.Range(0, members).Select(_ => RandomNetwork(random, inputs, [.. hidden, outputs])).ToArray();
        var merged = EnsembleMerge.Merge(nets);

        Assert.Equal(hidden.Select(h => h * members).Append(outputs), merged.LayerSizes);
        for (int row = 0; row < 20; row++)
        {
            float[] x = [.. Enumerable.Range(0, inputs).Select(_ => (float)(4 * random.NextDouble() - 2))];
            var expected = new double[outputs];
            foreach (var net in nets)
            {
                var y = new float[outputs];
                net.Forward(x, y, new float[net.ScratchSize]);
                for (int o = 0; o < outputs; o++)
                    expected[o] += y[o] / (double)members;
            }
            var actual = new float[outputs];
            merged.Forward(x, actual, new float[merged.ScratchSize]);
            for (int o = 0; o < outputs; o++)
                Assert.True(Math.Abs(expected[o] - actual[o]) <= 1e-5 * (1 + Math.Abs(expected[o])), $"row {row} output {o}: mean {expected[o]}, merged {actual[o]}");
        }
    }

    [Fact]
    public void One_member_is_returned_as_it_is_and_mismatched_members_are_refused()
    {
        var random = new Random(1);
        var one = RandomNetwork(random, 3, [4, 2]);
        Assert.Same(one, EnsembleMerge.Merge([one]));
        Assert.Throws<ArgumentException>(() => EnsembleMerge.Merge([one, RandomNetwork(random, 3, [5, 2])]));
    }

    private static DenseNetwork RandomNetwork(Random random, int inputs, int[] sizes)
    {
        var weights = new float[sizes.Length][];
        var biases = new float[sizes.Length][];
        for (int l = 0; l < sizes.Length; l++)
        {
            int fanIn = l == 0 ? inputs : sizes[l - 1];
            weights[l] = [.. Enumerable.Range(0, sizes[l] * fanIn).Select(_ => (float)(random.NextDouble() - 0.5))];
            biases[l] = [.. Enumerable.Range(0, sizes[l]).Select(_ => (float)(random.NextDouble() - 0.5))];
        }
        var activations = Enumerable.Repeat(Activation.Tanh, sizes.Length - 1).Append(Activation.Identity).ToArray();
        return new DenseNetwork(inputs, sizes, activations, weights, biases);
    }
}
