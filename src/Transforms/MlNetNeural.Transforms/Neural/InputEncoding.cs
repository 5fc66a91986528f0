using System.Collections.ObjectModel;
using System.Runtime.Intrinsics;

namespace MlNetNeural.Neural;

/// <summary>
/// The fixed (not learned) encoding a trained MLP applies to its raw features before the first layer:
/// robust scaling with smooth clipping of every feature, then periodic features of the numeric ones.
/// Fitted on the training data by the trainer and saved with the model.
/// </summary>
/// <remarks>
/// Feature i becomes zᵢ = (xᵢ − centerᵢ)·scaleᵢ and then eᵢ = zᵢ / √(1 + (zᵢ/3)²), which is zᵢ near 0 and
/// tends to ±3 for outliers (RealMLP's smooth clipping), so no input can push a unit far out of range.
/// The encoded vector is e₀ … eₙ₋₁ followed, for each periodic column j (in <see cref="PeriodicColumns"/>
/// order) and each of its <see cref="FrequencyCount"/> frequencies k, by cos(ωⱼₖ·eⱼ + φⱼₖ): a random
/// Fourier basis per feature that lets the first layer form sharp, non-monotone functions of one number,
/// such as an hour of the day written as 0 … 23.
/// </remarks>
public sealed class InputEncoding
{
    /// <summary>The radius the smooth clipping tends to: |eᵢ| &lt; 3 for every finite input.</summary>
    public const float ClipRadius = 3f;

    private readonly float[] _centers;
    private readonly float[] _scales;
    private readonly int[] _periodicColumns;
    private readonly float[] _angularFrequencies;
    private readonly float[] _phases;

    /// <summary>Creates an encoding from its fitted values, copying every array.</summary>
    /// <param name="centers">Per feature, the value mapped to 0 (the training median).</param>
    /// <param name="scales">Per feature, the factor applied after centering (1 / the interquartile range, or 0 for a constant feature).</param>
    /// <param name="periodicColumns">The features that get periodic features, strictly ascending.</param>
    /// <param name="frequencyCount">Periodic features per periodic column; at least 1 when there are periodic columns.</param>
    /// <param name="angularFrequencies">ω, periodic columns × <paramref name="frequencyCount"/>, row-major.</param>
    /// <param name="phases">φ, same shape as <paramref name="angularFrequencies"/>.</param>
    /// <exception cref="ArgumentException">A length does not match, a value is not finite, a frequency and phase could overflow the periodic
    /// feature's argument, or a column is out of range or order.</exception>
    public InputEncoding(IReadOnlyList<float> centers, IReadOnlyList<float> scales, IReadOnlyList<int> periodicColumns,
        int frequencyCount, IReadOnlyList<float> angularFrequencies, IReadOnlyList<float> phases)
    {
        ArgumentNullException.ThrowIfNull(centers);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(periodicColumns);
        ArgumentNullException.ThrowIfNull(angularFrequencies);
        ArgumentNullException.ThrowIfNull(phases);
        if (centers.Count < 1)
            throw new ArgumentException("An input encoding needs at least one feature.", nameof(centers));
        if (scales.Count != centers.Count)
            throw new ArgumentException($"There are {centers.Count} centers but {scales.Count} scales.", nameof(scales));
        if (frequencyCount < 0 || (periodicColumns.Count > 0 && frequencyCount < 1))
            throw new ArgumentException($"The frequency count must be at least 1 when there are periodic columns but is {frequencyCount}.", nameof(frequencyCount));
        long periodicValues = (long)periodicColumns.Count * frequencyCount;
        if (angularFrequencies.Count != periodicValues || phases.Count != periodicValues)
            throw new ArgumentException(
                $"{periodicColumns.Count} periodic columns × {frequencyCount} frequencies need {periodicValues} frequencies and phases but there are {angularFrequencies.Count} and {phases.Count}.",
                nameof(angularFrequencies));
        if ((long)centers.Count + periodicValues > int.MaxValue)
            throw new ArgumentException($"The encoded width {centers.Count + periodicValues} is too large.", nameof(frequencyCount));
        _centers = Finite(centers, "centers", nameof(centers));
        _scales = Finite(scales, "scales", nameof(scales));
        _angularFrequencies = Finite(angularFrequencies, "angular frequencies", nameof(angularFrequencies));
        _phases = Finite(phases, "phases", nameof(phases));
        for (int i = 0; i < _phases.Length; i++)
        {
            // cos(ω·e + φ) with |e| ≤ 3: a finite ω and φ can still overflow the argument to ±∞, and cos(∞) is NaN.
            if (!(Math.Abs((double)_angularFrequencies[i]) * ClipRadius + Math.Abs((double)_phases[i]) <= float.MaxValue))
                throw new ArgumentException(
                    $"The angular frequency {_angularFrequencies[i]} with phase {_phases[i]} at index {i} would overflow the periodic feature's argument ω·e + φ for |e| ≤ {ClipRadius}.",
                    nameof(angularFrequencies));
        }
        _periodicColumns = periodicColumns.ToArray();
        for (int p = 0; p < _periodicColumns.Length; p++)
        {
            int column = _periodicColumns[p];
            if (column < 0 || column >= _centers.Length || (p > 0 && column <= _periodicColumns[p - 1]))
                throw new ArgumentException($"Periodic column {column} at position {p} is out of range [0, {_centers.Length}) or not ascending.", nameof(periodicColumns));
        }

        FrequencyCount = frequencyCount;
        PreservesZeros = _periodicColumns.Length == 0 && Array.TrueForAll(_centers, c => c == 0); // read per scored row: decided once
        Centers = Array.AsReadOnly(_centers);
        Scales = Array.AsReadOnly(_scales);
        PeriodicColumns = Array.AsReadOnly(_periodicColumns);
        AngularFrequencies = Array.AsReadOnly(_angularFrequencies);
        Phases = Array.AsReadOnly(_phases);
    }

    /// <summary>Number of raw features read.</summary>
    public int InputSize => _centers.Length;

    /// <summary>Number of values written: the clipped features, then the periodic features.</summary>
    public int EncodedSize => _centers.Length + _periodicColumns.Length * FrequencyCount;

    /// <summary>Per feature, the value mapped to 0.</summary>
    public ReadOnlyCollection<float> Centers { get; }

    /// <summary>Per feature, the factor applied after centering.</summary>
    public ReadOnlyCollection<float> Scales { get; }

    /// <summary>The features that get periodic features, ascending.</summary>
    public ReadOnlyCollection<int> PeriodicColumns { get; }

    /// <summary>Periodic features per periodic column.</summary>
    public int FrequencyCount { get; }

    /// <summary>ω per periodic column and frequency, row-major.</summary>
    public ReadOnlyCollection<float> AngularFrequencies { get; }

    /// <summary>φ per periodic column and frequency, row-major.</summary>
    public ReadOnlyCollection<float> Phases { get; }

    /// <summary>The smooth clipping z / √(1 + (z/3)²), in float32 as every scoring path computes it.</summary>
    /// <param name="z">A centred, scaled feature value.</param>
    /// <returns>The clipped value, in [−3, 3].</returns>
    /// <remarks>
    /// Beyond |z| = 2⁶⁰ (where z·z would overflow float32, and the value is 3 to float precision anyway) the result is ±3
    /// directly. The ONNX export computes the plain formula, so it gives such rows 0 instead.
    /// </remarks>
    public static float SmoothClip(float z) => !(MathF.Abs(z) >= HugeInput) // NaN takes this branch and stays NaN
        ? z / MathF.Sqrt(1f + z * z * (1f / (ClipRadius * ClipRadius)))
        : MathF.CopySign(ClipRadius, z);

    private const float HugeInput = 1.152921504606847e18f; // 2⁶⁰

    /// <summary>Encodes one row without allocating.</summary>
    /// <param name="input"><see cref="InputSize"/> raw features.</param>
    /// <param name="encoded">Receives <see cref="EncodedSize"/> values.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Encode(ReadOnlySpan<float> input, Span<float> encoded)
    {
        if (input.Length != InputSize)
            throw new ArgumentException($"{nameof(input)} must have {InputSize} values but has {input.Length}.", nameof(input));
        if (encoded.Length != EncodedSize)
            throw new ArgumentException($"{nameof(encoded)} must have {EncodedSize} values but has {encoded.Length}.", nameof(encoded));
        for (int i = 0; i < _centers.Length; i++)
            encoded[i] = SmoothClip((input[i] - _centers[i]) * _scales[i]);
        int k = FrequencyCount;
        int offset = _centers.Length;
        for (int p = 0; p < _periodicColumns.Length; p++)
        {
            float e = encoded[_periodicColumns[p]];
            for (int f = 0; f < k; f++)
                encoded[offset + f] = MathF.Cos(_angularFrequencies[p * k + f] * e + _phases[p * k + f]);
            offset += k;
        }
    }

    /// <summary>
    /// Whether the encoding maps 0 to 0 and adds no features (every center 0, no periodic column), so that a sparse row
    /// can be encoded by its stored values alone (<see cref="EncodeSparseValues"/>).
    /// </summary>
    public bool PreservesZeros { get; }

    /// <summary>Encodes the stored values of a sparse row; only for an encoding that <see cref="PreservesZeros"/>.</summary>
    /// <param name="indices">The row's slots, each below <see cref="InputSize"/>.</param>
    /// <param name="values">The values at <paramref name="indices"/>.</param>
    /// <param name="encoded">Receives one encoded value per stored value.</param>
    /// <exception cref="InvalidOperationException">The encoding does not preserve zeros.</exception>
    /// <exception cref="ArgumentException">The spans' lengths differ, or an index is out of range.</exception>
    public void EncodeSparseValues(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> encoded)
    {
        if (!PreservesZeros)
            throw new InvalidOperationException("This input encoding centres features or adds periodic features, so it cannot encode a sparse row by its stored values.");
        if (indices.Length != values.Length || encoded.Length != values.Length)
            throw new ArgumentException($"A sparse row needs as many indices, values and outputs; got {indices.Length}, {values.Length} and {encoded.Length}.");
        // The scales first, then the clipping over contiguous values: a text row's slots are scattered over the
        // vocabulary, and loads that wait on nothing else let the memory system fetch many scales at once.
        for (int i = 0; i < values.Length; i++)
        {
            int slot = indices[i];
            if ((uint)slot >= (uint)_scales.Length)
                throw new ArgumentException($"Sparse index {slot} at position {i} is outside [0, {_scales.Length}).", nameof(indices));
            encoded[i] = values[i] * _scales[slot];
        }

        SmoothClipInPlace(encoded);
    }

    /// <summary><see cref="SmoothClip(float)"/> of every value, eight at a time where the machine has vectors: the same bits.</summary>
    private static void SmoothClipInPlace(Span<float> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var huge = Vector256.Create(HugeInput);
            var radius = Vector256.Create(ClipRadius);
            var inverseSquare = Vector256.Create(1f / (ClipRadius * ClipRadius));
            for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
            {
                var z = Vector256.Create(values.Slice(i, Vector256<float>.Count));
                var clipped = z / Vector256.Sqrt(Vector256<float>.One + (z * z * inverseSquare));
                // NaN compares false, so it keeps the formula's NaN, as the scalar branch does.
                var beyond = Vector256.GreaterThanOrEqual(Vector256.Abs(z), huge);
                Vector256.ConditionalSelect(beyond, Vector256.CopySign(radius, z), clipped).CopyTo(values.Slice(i));
            }
        }

        for (; i < values.Length; i++)
            values[i] = SmoothClip(values[i]);
    }

    /// <summary>Encodes <paramref name="rows"/> row-major rows.</summary>
    /// <param name="inputs">rows × <see cref="InputSize"/> raw features.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="encoded">Receives rows × <see cref="EncodedSize"/> values.</param>
    public void EncodeRows(ReadOnlySpan<float> inputs, int rows, Span<float> encoded)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (inputs.Length != (long)rows * InputSize || encoded.Length != (long)rows * EncodedSize)
            throw new ArgumentException($"{rows} rows need {(long)rows * InputSize} inputs and {(long)rows * EncodedSize} outputs; got {inputs.Length} and {encoded.Length}.");
        for (int r = 0; r < rows; r++)
            Encode(inputs.Slice(r * InputSize, InputSize), encoded.Slice(r * EncodedSize, EncodedSize));
    }

    private static float[] Finite(IReadOnlyList<float> source, string what, string paramName)
    {
        var copy = source.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (!float.IsFinite(copy[i]))
                throw new ArgumentException($"The {what} contain the non-finite value {copy[i]} at index {i}.", paramName);
        }

        return copy;
    }
}
