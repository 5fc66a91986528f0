using Microsoft.ML.Data;
using MlNetNeural.Neural;
using MlNetNeural.Persistence;

namespace MlNetNeural.Explain;

/// <summary>
/// Per-feature contributions to a network's outputs for one row at a time (<see cref="FeatureContributionMethod"/>).
/// One instance per mapper: it reuses its buffers, so after the first rows it does not allocate. Not thread-safe.
/// </summary>
/// <remarks>
/// <para>The baseline is a raw feature row. By default it is the row the model's own input scaling maps to zero (the
/// training medians under <c>InputScaling.Robust</c>, zero for a zero-preserving or no scaling), the "average row" that
/// the all-zero vector is after <c>NormalizeMeanVariance</c>. When the baseline is zero there and the scaling preserves
/// zeros, a sparse row is explained along its own slots: the cost is its non-zeros, and zero slots get no contribution.</para>
/// <para>Integrated gradients averages the gradient at the midpoints of <c>steps</c> equal segments of the path. The
/// average is exact for a smooth score as the segments shrink, but a ReLU network's gradient jumps wherever a unit
/// switches on or off along the path, and each jump costs an error of the order of one segment; periodic features make
/// the gradient oscillate. So the sum is checked against what it must equal, score(row) − score(baseline): while the
/// gap exceeds 1e-3·|score(row)| + 1e-4, every segment is cut in three (the old midpoints are the new middle
/// segments' midpoints, so no gradient is computed twice), up to <c>maximumSteps</c>.</para>
/// </remarks>
internal sealed class NetworkContributions
{
    /// <summary>The completeness tolerance the refinement aims at: relative to |score(row)| …</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>… plus this absolute part.</summary>
    public const double AbsoluteTolerance = 1e-4;

    private const int ChunkRows = 128; // points per forward/backward pass: bounds the buffers when the steps grow

    private readonly InputGradients _gradients;
    private readonly EncodedForward _scorer;
    private readonly FeatureContributionMethod _method;
    private readonly int _steps;
    private readonly int _maximumSteps;
    private readonly float[] _baseline;
    private readonly VBuffer<float> _baselineRow;
    private readonly bool _sparsePaths; // sparse rows may be explained along their own slots
    private readonly float[] _row;
    private readonly float[] _rowOutputs;
    private readonly float[] _baselineOutputs;
    private float[] _alphas = [];
    private float[] _points = [];
    private float[] _pointGradients = [];
    private double[] _gradientSums = [];
    private int[] _indices = [];
    private float[] _sparseValues = [];
    private int _nonZeros = -1; // -1: the prepared row is explained densely

    public NetworkContributions(DenseNetwork network, InputEncoding? encoding, FeatureContributionMethod method, int steps, int maximumSteps,
        IReadOnlyList<float>? baseline)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumSteps, steps);
        _gradients = new InputGradients(network, encoding);
        _scorer = new EncodedForward(network, encoding);
        _method = method;
        _steps = method == FeatureContributionMethod.IntegratedGradients ? steps : 1;
        _maximumSteps = method == FeatureContributionMethod.IntegratedGradients ? maximumSteps : 1;
        int inputSize = _gradients.InputSize;
        _baseline = baseline?.ToArray() ?? DefaultBaseline(encoding, inputSize);
        if (_baseline.Length != inputSize)
            throw new ArgumentException($"The baseline has {_baseline.Length} values but the model reads {inputSize} features.", nameof(baseline));
        _sparsePaths = (encoding is null || encoding.PreservesZeros) && Array.TrueForAll(_baseline, v => v == 0);
        _row = new float[inputSize];
        _rowOutputs = new float[network.OutputSize];
        _baselineOutputs = new float[network.OutputSize];
        _baselineRow = new VBuffer<float>(inputSize, _baseline);
        _scorer.Run(_baselineRow, _baselineOutputs);
    }

    /// <summary>The baseline the model is explained against when none is given: the row its input scaling maps to zero.</summary>
    public static float[] DefaultBaseline(InputEncoding? encoding, int inputSize) =>
        encoding is null ? new float[inputSize] : encoding.Centers.ToArray();

    /// <summary>Raw features a row has.</summary>
    public int InputSize => _row.Length;

    /// <summary>The network's outputs for the prepared row.</summary>
    public ReadOnlySpan<float> RowOutputs => _rowOutputs;

    /// <summary>The steps the last <see cref="Explain"/> ended with (more than asked for when the refinement ran).</summary>
    public int LastSteps { get; private set; }

    /// <summary>Takes <paramref name="features"/> as the row to explain and scores it; then <see cref="Explain"/> attributes any output direction.</summary>
    public void Prepare(in VBuffer<float> features)
    {
        FeatureVectors.CheckLength(features, InputSize);
        _scorer.Run(features, _rowOutputs);
        if (!features.IsDense && _sparsePaths)
        {
            int nonZeros = features.GetValues().Length;
            Grow(ref _indices, nonZeros);
            Grow(ref _sparseValues, nonZeros);
            features.GetIndices().CopyTo(_indices);
            features.GetValues().CopyTo(_sparseValues);
            _nonZeros = nonZeros;
            return;
        }

        features.CopyTo(_row);
        _nonZeros = -1;
    }

    /// <summary>
    /// The contributions of the prepared row to Σₖ outputWeights[k]·output[k], written to <paramref name="contributions"/>
    /// (of length <see cref="InputSize"/>; sparse with the row's slots when the row is explained along them).
    /// </summary>
    public void Explain(ReadOnlySpan<float> outputWeights, ref VBuffer<float> contributions)
    {
        int width = _nonZeros >= 0 ? _nonZeros : InputSize;
        Grow(ref _gradientSums, width);
        Span<double> sums = _gradientSums.AsSpan(0, width);
        sums.Clear();

        double score = Dot(outputWeights, _rowOutputs);
        double target = score - Dot(outputWeights, _baselineOutputs);
        double tolerance = RelativeTolerance * Math.Abs(score) + AbsoluteTolerance;
        int steps = _steps;
        AddGradients(FirstAlphas(steps), outputWeights, sums);
        while (_method == FeatureContributionMethod.IntegratedGradients && steps * 3L <= _maximumSteps
            && Math.Abs(Total(sums, steps) - target) > tolerance)
        {
            AddGradients(RefinedAlphas(steps), outputWeights, sums);
            steps *= 3;
        }

        LastSteps = steps;
        if (_nonZeros >= 0)
        {
            var editor = VBufferEditor.Create(ref contributions, InputSize, width, keepOldOnResize: false, requireIndicesOnDense: false);
            for (int j = 0; j < width; j++)
            {
                editor.Indices[j] = _indices[j];
                editor.Values[j] = (float)(_sparseValues[j] * sums[j] / steps);
            }

            contributions = editor.Commit();
            return;
        }

        var dense = VBufferEditor.Create(ref contributions, InputSize);
        for (int i = 0; i < width; i++)
            dense.Values[i] = (float)((_row[i] - _baseline[i]) * sums[i] / steps);
        contributions = dense.Commit();
    }

    // Σᵢ (xᵢ − bᵢ)·mean gradientᵢ: what the contributions will add up to.
    private double Total(ReadOnlySpan<double> sums, int steps)
    {
        double total = 0;
        for (int i = 0; i < sums.Length; i++)
            total += (_nonZeros >= 0 ? _sparseValues[i] : _row[i] - _baseline[i]) * sums[i];
        return total / steps;
    }

    // The midpoints of `steps` equal segments; gradient × input evaluates at the row itself.
    private ReadOnlySpan<float> FirstAlphas(int steps)
    {
        Grow(ref _alphas, steps);
        for (int s = 0; s < steps; s++)
            _alphas[s] = _method == FeatureContributionMethod.GradientTimesInput ? 1f : (float)((s + 0.5) / steps);
        return _alphas.AsSpan(0, steps);
    }

    // Cutting each of `steps` segments in three: the outer thirds' midpoints are new, the middle one's is the old midpoint.
    private ReadOnlySpan<float> RefinedAlphas(int steps)
    {
        Grow(ref _alphas, 2 * steps);
        double fine = 3.0 * steps;
        for (int s = 0; s < steps; s++)
        {
            _alphas[2 * s] = (float)((3 * s + 0.5) / fine);
            _alphas[2 * s + 1] = (float)((3 * s + 2.5) / fine);
        }

        return _alphas.AsSpan(0, 2 * steps);
    }

    private void AddGradients(ReadOnlySpan<float> alphas, ReadOnlySpan<float> outputWeights, Span<double> sums)
    {
        int width = sums.Length;
        for (int start = 0; start < alphas.Length; start += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, alphas.Length - start);
            Grow(ref _points, rows * width);
            Grow(ref _pointGradients, rows * width);
            for (int r = 0; r < rows; r++)
            {
                float alpha = alphas[start + r];
                Span<float> point = _points.AsSpan(r * width, width);
                if (_nonZeros >= 0)
                {
                    for (int j = 0; j < width; j++)
                        point[j] = alpha * _sparseValues[j];
                }
                else
                {
                    for (int i = 0; i < width; i++)
                        point[i] = _baseline[i] + alpha * (_row[i] - _baseline[i]);
                }
            }

            ReadOnlySpan<int> indices = _nonZeros >= 0 ? _indices.AsSpan(0, width) : default;
            if (_nonZeros >= 0)
                _gradients.ForwardSparse(indices, _points.AsSpan(0, rows * width), rows);
            else
                _gradients.ForwardDense(_points.AsSpan(0, rows * width), rows);
            _gradients.Backward(outputWeights, indices, _pointGradients);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> g = _pointGradients.AsSpan(r * width, width);
                for (int i = 0; i < width; i++)
                    sums[i] += g[i];
            }
        }
    }

    private static double Dot(ReadOnlySpan<float> weights, ReadOnlySpan<float> outputs)
    {
        double sum = 0;
        for (int k = 0; k < weights.Length; k++)
            sum += weights[k] * (double)outputs[k];
        return sum;
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
            array = new T[Math.Max(length, 2 * array.Length)];
    }
}
