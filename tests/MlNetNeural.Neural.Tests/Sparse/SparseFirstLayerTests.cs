using MlNetNeural.Neural.Backprop;
using MlNetNeural.Neural.Losses;
using MlNetNeural.Neural.Optimizers;
using MlNetNeural.Neural.Regularization;
using MlNetNeural.Neural.Sparse;
using MlNetNeural.Neural.Tests.Support;
using Xunit;

namespace MlNetNeural.Neural.Tests.Sparse;

/// <summary>
/// The sparse first layer: its forward pass and weight gradient must give the dense engine's bits on the dense form
/// of the same rows (the zero terms are left out of the same FMA chains), its lazy gradient must match finite
/// differences, and a lazy optimizer step must touch only the listed rows.
/// </summary>
public class SparseFirstLayerTests
{
    private static readonly int[] Inputs = [1, 7, 64, 255, 256, 257, 700];
    private static readonly int[] Outputs = [1, 7, 8, 9, 63, 64, 65, 100, 104, 105, 130];

    [Fact]
    public void Sparse_row_scoring_gives_the_dense_rows_bits_at_every_width()
    {
        var random = new Random(1);
        // Also rows as sparse as text: most non-zeros alone in their 256-slot block, some blocks with several.
        foreach (var (k, density) in Inputs.Select(k => (k, 0.2)).Append((30_000, 0.005)).Append((30_000, 0.0005)))
        {
            foreach (int n in Outputs)
            {
                float[] dense = SparseRows(random, 1, k, density);
                float[] w = Uniform(random, n * k);
                float[] b = Uniform(random, n);
                float[] wt = MatrixVector.Transpose(w, n, k);
                var expected = new float[n];
                MatrixVector.MultiplyAdd(dense, wt, b, expected);
                var batch = SparseBatch<float>.FromDense(dense, 1, k);
                var actual = new float[n];
                SparseMatrixVector.MultiplyAdd(batch.RowIndices(0), batch.RowValues(0), wt, b, actual);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"k = {k}, n = {n}: sparse scoring differs from dense.");
            }
        }
    }

    [Fact]
    public void Network_scores_a_sparse_row_as_its_dense_form_and_rejects_bad_indices()
    {
        var random = new Random(2);
        var network = new DenseNetwork(300, [40, 3], [Activation.Relu, Activation.Identity],
            [Uniform(random, 40 * 300), Uniform(random, 3 * 40)], [Uniform(random, 40), Uniform(random, 3)]);
        float[] dense = SparseRows(random, 1, 300, density: 0.05);
        var batch = SparseBatch<float>.FromDense(dense, 1, 300);
        var scratch = new float[network.ScratchSize];
        float[] fromDense = new float[3], fromSparse = new float[3];
        network.Forward(dense, fromDense, scratch);
        network.Forward(batch.RowIndices(0), batch.RowValues(0), fromSparse, scratch);
        Assert.Equal(fromDense, fromSparse);

        var error = Assert.Throws<ArgumentException>(() => network.Forward([5, 3], [1f, 1f], fromSparse, scratch));
        Assert.Contains("ascending", error.Message);
        error = Assert.Throws<ArgumentException>(() => network.Forward([300], [1f], fromSparse, scratch));
        Assert.Contains("300 rows (input slots)", error.Message);
        error = Assert.Throws<ArgumentException>(() => network.Forward([-1], [1f], fromSparse, scratch));
        Assert.Contains("ascending", error.Message);
    }

    [Fact]
    public void Batch_by_columns_lists_each_active_column_with_its_rows_ascending()
    {
        var random = new Random(3);
        float[] dense = SparseRows(random, 9, 40, density: 0.15);
        var batch = SparseBatch<float>.FromDense(dense, 9, 40);
        var expectedColumns = Enumerable.Range(0, 40).Where(c => Enumerable.Range(0, 9).Any(r => dense[(r * 40) + c] != 0)).ToArray();
        Assert.Equal(expectedColumns, batch.ActiveColumns.ToArray());
        for (int a = 0; a < batch.ActiveCount; a++)
        {
            int c = batch.ActiveColumns[a];
            var rows = Enumerable.Range(0, 9).Where(r => dense[(r * 40) + c] != 0).ToArray();
            Assert.Equal(rows, batch.ColumnRows(a).ToArray());
            Assert.Equal(rows.Select(r => dense[(r * 40) + c]).ToArray(), batch.ColumnValues(a).ToArray());
        }

        var back = new float[9 * 40];
        batch.CopyDense(back);
        Assert.Equal(dense, back);
    }

    [Fact]
    public void A_reused_batch_lists_each_batchs_own_active_columns_across_bitmap_words()
    {
        // One SparseBatch refilled as training does: 700 columns span eleven 64-bit words of its column bitmap, and
        // nothing of one batch (bits, counts, places) may leak into the next.
        var random = new Random(5);
        const int rows = 12, columns = 700;
        var batch = new SparseBatch<float>(columns, rows);
        for (int round = 0; round < 4; round++)
        {
            float[] dense = SparseRows(random, rows, columns, density: round == 2 ? 0.0 : 0.03 * (round + 1));
            if (round == 3)
                dense[(5 * columns) + 63] = dense[(5 * columns) + 64] = dense[(6 * columns) + 699] = 1.5f;
            batch.Clear();
            for (int r = 0; r < rows; r++)
            {
                var indices = Enumerable.Range(0, columns).Where(c => dense[(r * columns) + c] != 0).ToArray();
                batch.AddRow(indices, indices.Select(c => dense[(r * columns) + c]).ToArray());
            }

            batch.Complete();
            var expected = Enumerable.Range(0, columns).Where(c => Enumerable.Range(0, rows).Any(r => dense[(r * columns) + c] != 0)).ToArray();
            Assert.Equal(expected, batch.ActiveColumns.ToArray());
            for (int a = 0; a < batch.ActiveCount; a++)
            {
                int c = batch.ActiveColumns[a];
                var holding = Enumerable.Range(0, rows).Where(r => dense[(r * columns) + c] != 0).ToArray();
                Assert.Equal(holding, batch.ColumnRows(a).ToArray());
                Assert.Equal(holding.Select(r => dense[(r * columns) + c]).ToArray(), batch.ColumnValues(a).ToArray());
            }
        }
    }

    [Theory]
    [InlineData(LossFunction.BinaryCrossEntropy, 1, 30)]
    [InlineData(LossFunction.SoftmaxCrossEntropy, 5, 300)]  // rows > Gemm.BlockK: two FMA chains per gradient entry
    [InlineData(LossFunction.MeanSquaredError, 1, 257)]
    public void Exact_sparse_gradients_are_the_dense_engines_bits(LossFunction lossKind, int outputs, int rows)
    {
        var random = new Random(4);
        const int inputs = 500;
        int[] layers = [70, 33, outputs];
        var activations = new[] { Activation.Relu, Activation.Tanh, Activation.Identity };
        var loss = LossFactory.Create<float>(lossKind, 1.0);
        var regularizer = new Regularizer(1e-3, 1e-2);
        var dense = new Backpropagation<float>(inputs, layers, activations, rows, loss, regularizer);
        var sparse = new Backpropagation<float>(inputs, layers, activations, rows, loss, regularizer);

        var parameters = TestData.Parameters(random, inputs, layers, 0.5).ConvertTo<float>();
        float[] x = SparseRows(random, rows, inputs, density: 0.03);
        float[] targets = TestData.ToFloat(TestData.Targets(random, lossKind, rows, outputs));
        float[] weights = Uniform(random, rows, 0.5, 2);

        var denseGradients = dense.CreateParameterSet();
        double denseObjective = dense.ComputeGradients(parameters, x, rows, targets, weights, denseGradients);

        var inputMajor = parameters.Clone();
        inputMajor.Weights[0] = MatrixVector.Transpose(parameters.Weights[0], layers[0], inputs);
        var sparseGradients = sparse.CreateParameterSet();
        double sparseObjective = sparse.ComputeSparseGradients(inputMajor, SparseBatch<float>.FromDense(x, rows, inputs), targets, weights,
            sparseGradients, null, lazy: false);

        // The penalty is a double sum over the first layer in its other layout's order: equal to rounding.
        Assert.Equal(denseObjective, sparseObjective, 1e-12 * Math.Abs(denseObjective));
        Assert.Equal(MatrixVector.Transpose(denseGradients.Weights[0], layers[0], inputs), sparseGradients.Weights[0]);
        for (int l = 0; l < layers.Length; l++)
        {
            Assert.Equal(denseGradients.Biases[l], sparseGradients.Biases[l]);
            if (l > 0)
                Assert.Equal(denseGradients.Weights[l], sparseGradients.Weights[l]);
        }
    }

    [Fact]
    public void Lazy_row_gradients_match_finite_differences_and_the_slot_sized_gradient_is_never_written()
    {
        var random = new Random(5);
        const int inputs = 40, rows = 6;
        int[] layers = [5, 3];
        var activations = new[] { Activation.Tanh, Activation.Identity };
        var regularizer = new Regularizer(0, 0.1);
        var engine = new Backpropagation<double>(inputs, layers, activations, rows, LossFactory.Create<double>(LossFunction.SoftmaxCrossEntropy, 1), regularizer);
        var parameters = TestData.Parameters(random, inputs, layers, 0.8);
        double[] x = TestData.Uniform(random, rows * inputs);
        for (int i = 0; i < x.Length; i++)
            x[i] = random.NextDouble() < 0.1 ? x[i] : 0;
        double[] targets = TestData.OneHot(random, rows, 3);
        var batch = SparseBatch<double>.FromDense(x, rows, inputs);

        // Input-major first layer: parameters.Weights[0] is read as inputs × layers[0] from here on.
        var gradients = engine.CreateParameterSet();
        engine.MeasureFirstLayerPenalty(parameters);
        engine.ComputeSparseGradients(parameters, batch, targets, [], gradients, null, lazy: true);

        Func<double> objective = () =>
        {
            var scratch = engine.CreateParameterSet();
            engine.MeasureFirstLayerPenalty(parameters);
            return engine.ComputeSparseGradients(parameters, batch, targets, [], scratch, null, lazy: true);
        };
        // The engine's deltas are those of the last lazy batch, which objective() recomputes at the same weights.
        engine.ComputeSparseGradients(parameters, batch, targets, [], gradients, null, lazy: true);
        var active = batch.ActiveColumns.ToArray();
        Assert.NotEmpty(active);
        int width = layers[0];
        var rowGradients = new double[active.Length][];
        for (int a = 0; a < active.Length; a++)
        {
            rowGradients[a] = new double[width];
            engine.FirstLayerRowGradient(batch, a, parameters.Weights[0].AsSpan(active[a] * width, width), rowGradients[a]);
        }

        for (int a = 0; a < active.Length; a++)
        {
            for (int o = 0; o < width; o++)
            {
                int i = (active[a] * width) + o;
                GradientCheck.AssertClose(rowGradients[a][o], GradientCheck.Numeric(parameters.Weights[0], i, objective), $"W0[{active[a]}, {o}]");
            }
        }

        Assert.All(gradients.Weights[0], g => Assert.Equal(0, g));

        GradientCheck.AssertGradient(parameters.Weights[1], gradients.Weights[1], objective);
        GradientCheck.AssertGradient(parameters.Biases[0], gradients.Biases[0], objective);
    }

    [Fact]
    public void Lazy_step_updates_only_the_listed_rows_and_equals_the_full_step_there()
    {
        var random = new Random(6);
        const int rowsOfFirst = 12, width = 5;
        float[] w = Uniform(random, rowsOfFirst * width), g = Uniform(random, rowsOfFirst * width);
        float[] b = Uniform(random, width), gb = Uniform(random, width);
        float[] wLazy = (float[])w.Clone(), bLazy = (float[])b.Clone();
        var full = new AdamOptimizer<float>(weightDecay: 0.01);
        var lazy = new AdamOptimizer<float>(weightDecay: 0.01);
        int[] listed = [1, 4, 11];
        float[] original = (float[])w.Clone();
        for (int step = 0; step < 3; step++)
        {
            full.Step([new(w, g, true), new(b, gb, false)], 0.01f);
            OptimizerParameter<float>[] parameters = [new(wLazy, [], true), new(bLazy, gb, false)]; // the rows' gradients come from elsewhere
            lazy.BeginRowStep(parameters, 0.01f);
            foreach (int row in listed)
                lazy.UpdateRow(parameters[0], row, width, g.AsSpan(row * width, width), 0.01f);
        }

        for (int r = 0; r < rowsOfFirst; r++)
        {
            var expected = listed.Contains(r) ? w.AsSpan(r * width, width).ToArray() : null;
            if (expected is not null)
                Assert.Equal(expected, wLazy.AsSpan(r * width, width).ToArray());
            else
                Assert.Equal(original.AsSpan(r * width, width).ToArray(), wLazy.AsSpan(r * width, width).ToArray());
        }

        Assert.Equal(b, bLazy);
        Assert.Equal(3, lazy.StepCount);
    }

    [Fact]
    public void Input_major_overflow_bound_and_penalty_match_the_out_major_ones()
    {
        var random = new Random(7);
        const int inputs = 333;
        int[] layers = [37, 4];
        float[][] weights = [Uniform(random, 37 * inputs, -3, 3), Uniform(random, 4 * 37)];
        float[][] biases = [Uniform(random, 37), Uniform(random, 4)];
        var activations = new[] { Activation.Relu, Activation.Identity };
        double expected = MlNetNeural.Persistence.OverflowGuard.NetworkBound(new DenseNetwork(inputs, layers, activations, weights, biases), 100);
        float[][] inputMajor = [MatrixVector.Transpose(weights[0], 37, inputs), weights[1]];
        double actual = MlNetNeural.Persistence.OverflowGuard.NetworkBound(inputs, inputMajor, biases, activations, inputMajorFirstLayer: true, 100);
        Assert.Equal(expected, actual, 1e-5 * expected);

        var regularizer = new Regularizer(1e-3, 1e-2);
        Assert.Equal(regularizer.ValueOf<float>(weights[0]), regularizer.FastValueOf(inputMajor[0]), 1e-5 * regularizer.ValueOf<float>(weights[0]));
    }

    private static float[] Uniform(Random random, int count, double low = -1, double high = 1) =>
        TestData.ToFloat(TestData.Uniform(random, count, low, high));

    private static float[] SparseRows(Random random, int rows, int columns, double density)
    {
        var values = new float[rows * columns];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextDouble() < density ? (float)((random.NextDouble() * 4) - 2) : 0;
        return values;
    }
}
