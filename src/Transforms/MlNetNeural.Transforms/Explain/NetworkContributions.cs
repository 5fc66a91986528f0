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
/// gap exceeds 1e-3·|score(row)| + 1e-4, the segments whose own error (their midpoint estimate against the score's change
/// between their ends) is above their share are cut in three — the old midpoint is the middle third's, so no gradient is
/// computed twice — until <c>maximumSteps</c> gradients have been computed.</para>
/// </remarks>
internal sealed class NetworkContributions
{
    /// <summary>The completeness tolerance the refinement aims at: relative to |score(row)| …</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>… plus this absolute part.</summary>
    public const double AbsoluteTolerance = 1e-4;

    private const int ChunkRows = 128; // points per forward/backward pass: bounds the buffers when the steps grow
    private const double ScoreNoise = 4 * 1.2e-7; // four float32 roundings of a score, relative

    private readonly InputGradients _gradients;
    private readonly EncodedForward _scorer;
    private readonly FeatureContributionMethod _method;
    private readonly int _steps;
    private readonly int _maximumSteps;
    private readonly float[] _baseline;
    private readonly bool _sparsePaths; // sparse rows may be explained along their own slots
    private readonly float[] _row;
    private readonly float[] _rowOutputs;
    private readonly float[] _baselineOutputs;
    private float[] _alphas = [];
    private double[] _lengths = [];    // per point: the weight its gradient enters the sums with
    private double[] _estimates = [];  // per point: Σᵢ dᵢ·gradientᵢ, the score's slope along the path there
    private double[] _endScores = [];
    private Segment[] _segments = [];
    private int[] _chosen = [];
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
        _scorer.Run(new VBuffer<float>(inputSize, _baseline), _baselineOutputs);
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
        if (_method == FeatureContributionMethod.GradientTimesInput)
        {
            Grow(ref _alphas, 1);
            Grow(ref _lengths, 1);
            Grow(ref _estimates, 1);
            _alphas[0] = 1f;
            _lengths[0] = 1;
            AddGradients(_alphas.AsSpan(0, 1), _lengths, outputWeights, sums, _estimates);
            LastSteps = 1;
        }
        else
        {
            LastSteps = Integrate(outputWeights, sums);
        }

        if (_nonZeros >= 0)
        {
            var editor = VBufferEditor.Create(ref contributions, InputSize, width, keepOldOnResize: false, requireIndicesOnDense: false);
            for (int j = 0; j < width; j++)
            {
                editor.Indices[j] = _indices[j];
                editor.Values[j] = (float)(_sparseValues[j] * sums[j]);
            }

            contributions = editor.Commit();
            return;
        }

        var dense = VBufferEditor.Create(ref contributions, InputSize);
        for (int i = 0; i < width; i++)
            dense.Values[i] = (float)((_row[i] - _baseline[i]) * sums[i]);
        contributions = dense.Commit();
    }

    // Integrated gradients into sums (Σ over segments of length × gradient at the midpoint), returning the gradients
    // computed. Each segment knows the score at its ends, so its own error is known: the midpoint estimate of the score's
    // change against the change itself. While the estimates' sum misses score(row) − score(baseline) by more than the
    // tolerance, the segments whose error exceeds tolerance / segments are cut in three; a ReLU unit's kink sits in one
    // segment, so the refinement stays where the gradient jumps instead of multiplying the steps everywhere.
    private int Integrate(ReadOnlySpan<float> outputWeights, Span<double> sums)
    {
        int steps = _steps;
        Grow(ref _segments, steps);
        Grow(ref _alphas, steps + 1);
        Grow(ref _lengths, steps + 1);
        Grow(ref _estimates, steps + 1);
        Grow(ref _endScores, steps + 1);
        if (_maximumSteps < steps + 3)
        {
            // No budget to cut even one segment: the plain midpoint sum, without scoring the segments' ends.
            SetEvenMidpoints(steps);
            AddGradients(_alphas.AsSpan(0, steps), _lengths, outputWeights, sums, _estimates);
            return steps;
        }

        var (target, baselineScore, tolerance, total) = StartSegments(steps, outputWeights, sums);
        int count = steps, computed = steps;
        while (Math.Abs(total - target) > tolerance && computed < _maximumSteps)
        {
            int chosen = ChooseSegments(count, tolerance, baselineScore, target, computed);
            if (chosen == 0)
                break; // the errors cancel no further; nothing left to refine
            CutSegments(chosen, ref count, ref total, outputWeights, sums);
            computed += 3 * chosen;
        }

        return computed;
    }

    private void SetEvenMidpoints(int steps)
    {
        for (int s = 0; s < steps; s++)
        {
            _alphas[s] = (float)((s + 0.5) / steps);
            _lengths[s] = 1.0 / steps;
        }
    }

    // The even segments: scores at their ends, gradients at their midpoints into the sums. Returns the score change to
    // explain, the baseline's score, the tolerance and the estimates' total.
    private (double Target, double BaselineScore, double Tolerance, double Total) StartSegments(int steps, ReadOnlySpan<float> outputWeights, Span<double> sums)
    {
        for (int s = 0; s <= steps; s++)
            _alphas[s] = (float)((double)s / steps);
        ScoreAt(_alphas.AsSpan(0, steps + 1), outputWeights, _endScores);
        double target = _endScores[steps] - _endScores[0];
        double baselineScore = _endScores[0]; // the buffer is reused for the cut segments' new ends
        double tolerance = RelativeTolerance * Math.Abs(_endScores[steps]) + AbsoluteTolerance;
        SetEvenMidpoints(steps);
        AddGradients(_alphas.AsSpan(0, steps), _lengths, outputWeights, sums, _estimates);
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            double estimate = _estimates[s] / steps;
            _segments[s] = new Segment((double)s / steps, (s + 1.0) / steps, _endScores[s], _endScores[s + 1], estimate);
            total += estimate;
        }

        return (target, baselineScore, tolerance, total);
    }

    // Which segments to cut (into _chosen): every one whose own error is above its share of the tolerance, largest first
    // when the budget cannot cut them all (three gradients and two scores each). Returns how many.
    private int ChooseSegments(int count, double tolerance, double baselineScore, double target, int computed)
    {
        int chosen = 0;
        // A segment's error below the float noise of its end scores is noise: cutting it buys nothing.
        double share = Math.Max(tolerance / count, ScoreNoise * (Math.Abs(baselineScore) + Math.Abs(target)));
        Grow(ref _chosen, count);
        for (int k = 0; k < count; k++)
        {
            if (Math.Abs(_segments[k].Error) > share)
                _chosen[chosen++] = k;
        }

        int affordable = Math.Max(1, (_maximumSteps - computed) / 3);
        if (chosen > affordable)
        {
            Array.Sort(_chosen, 0, chosen, Comparer<int>.Create((a, b) => Math.Abs(_segments[b].Error).CompareTo(Math.Abs(_segments[a].Error))));
            chosen = affordable;
        }

        return chosen;
    }

    // Cuts each chosen segment in three: scores its two new ends, adds its children's midpoint gradients to the sums,
    // and replaces it by its children (two appended at count), keeping total the estimates' sum.
    private void CutSegments(int chosen, ref int count, ref double total, ReadOnlySpan<float> outputWeights, Span<double> sums)
    {
        Grow(ref _alphas, 3 * chosen);
        Grow(ref _lengths, 3 * chosen);
        Grow(ref _estimates, 3 * chosen);
        Grow(ref _endScores, 2 * chosen);
        for (int c = 0; c < chosen; c++)
        {
            var segment = _segments[_chosen[c]];
            double third = (segment.End - segment.Start) / 3;
            _alphas[2 * c] = (float)(segment.Start + third);
            _alphas[2 * c + 1] = (float)(segment.Start + 2 * third);
        }

        ScoreAt(_alphas.AsSpan(0, 2 * chosen), outputWeights, _endScores);
        for (int c = 0; c < chosen; c++)
        {
            var segment = _segments[_chosen[c]];
            double third = (segment.End - segment.Start) / 3;
            for (int part = 0; part < 3; part++)
            {
                _alphas[3 * c + part] = (float)(segment.Start + (part + 0.5) * third);
                _lengths[3 * c + part] = third;
            }

            // The middle child's midpoint is the parent's, whose gradient is in the sums with weight 3·third: it
            // enters again with third − 3·third, so that the parent's share leaves as the children's arrive.
            _lengths[3 * c + 1] = -2 * third;
        }

        AddGradients(_alphas.AsSpan(0, 3 * chosen), _lengths, outputWeights, sums, _estimates);
        if (_segments.Length < count + 2 * chosen)
            Array.Resize(ref _segments, Math.Max(count + 2 * chosen, 2 * _segments.Length)); // keeps the segments so far
        for (int c = 0; c < chosen; c++)
        {
            int k = _chosen[c];
            var segment = _segments[k];
            double third = (segment.End - segment.Start) / 3;
            double a = segment.Start, f1 = _endScores[2 * c], f2 = _endScores[2 * c + 1];
            double left = third * _estimates[3 * c], middle = third * _estimates[3 * c + 1], right = third * _estimates[3 * c + 2];
            total += left + middle + right - segment.Estimate;
            _segments[k] = new Segment(a, a + third, segment.StartScore, f1, left);
            _segments[count++] = new Segment(a + third, a + 2 * third, f1, f2, middle);
            _segments[count++] = new Segment(a + 2 * third, segment.End, f2, segment.EndScore, right);
        }
    }

    private readonly record struct Segment(double Start, double End, double StartScore, double EndScore, double Estimate)
    {
        public double Error => EndScore - StartScore - Estimate;
    }

    // The score Σₖ wₖ·outputₖ at the path's points α.
    private void ScoreAt(ReadOnlySpan<float> alphas, ReadOnlySpan<float> outputWeights, Span<double> scores)
    {
        int outputs = outputWeights.Length;
        for (int start = 0; start < alphas.Length; start += ChunkRows)
        {
            int rows = Forward(alphas, start);
            ReadOnlySpan<float> values = _gradients.Outputs;
            for (int r = 0; r < rows; r++)
                scores[start + r] = Dot(outputWeights, values.Slice(r * outputs, outputs));
        }
    }

    // Gradients at the path's points α: each enters the sums with its weight, and its slope along the path Σᵢ dᵢ·gᵢ
    // (dᵢ = xᵢ − bᵢ) goes to slopes.
    private void AddGradients(ReadOnlySpan<float> alphas, ReadOnlySpan<double> weights, ReadOnlySpan<float> outputWeights, Span<double> sums, Span<double> slopes)
    {
        int width = sums.Length;
        ReadOnlySpan<int> indices = _nonZeros >= 0 ? _indices.AsSpan(0, width) : default;
        for (int start = 0; start < alphas.Length; start += ChunkRows)
        {
            int rows = Forward(alphas, start);
            Grow(ref _pointGradients, rows * width);
            _gradients.Backward(outputWeights, indices, _pointGradients);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> g = _pointGradients.AsSpan(r * width, width);
                double weight = weights[start + r], slope = 0;
                for (int i = 0; i < width; i++)
                {
                    sums[i] += weight * g[i];
                    slope += (_nonZeros >= 0 ? _sparseValues[i] : _row[i] - _baseline[i]) * (double)g[i];
                }

                slopes[start + r] = slope;
            }
        }
    }

    // Runs up to ChunkRows points from alphas[start] forward; returns how many.
    private int Forward(ReadOnlySpan<float> alphas, int start)
    {
        int width = _nonZeros >= 0 ? _nonZeros : InputSize;
        int rows = Math.Min(ChunkRows, alphas.Length - start);
        Grow(ref _points, rows * width);
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

        if (_nonZeros >= 0)
            _gradients.ForwardSparse(_indices.AsSpan(0, width), _points.AsSpan(0, rows * width), rows);
        else
            _gradients.ForwardDense(_points.AsSpan(0, rows * width), rows);
        return rows;
    }

    private static double Dot(ReadOnlySpan<float> weights, ReadOnlySpan<float> outputs)
    {
        double sum = 0;
        for (int k = 0; k < weights.Length; k++)
            sum += weights[k] * (double)outputs[k];
        return sum;
    }

    // Makes room for length items; the contents are not kept.
    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
            array = new T[Math.Max(length, 2 * array.Length)];
    }
}
