using System;
using System.Numerics;
using MlNetNeural.Neural.Optimizers;

namespace MlNetNeural.Neural.Initialization;

/// <summary>Fills weight matrices and bias vectors before training.</summary>
/// <remarks>
/// Every draw comes from the <see cref="Random"/> the caller owns (the training loop's single
/// seeded generator), in row-major order, so the same seed gives the same weights. Normal samples
/// use the Box–Muller transform on two uniforms and use both of the pair's outputs.
/// </remarks>
internal static class WeightInitialization
{
    /// <summary>Fills a row-major <paramref name="outputs"/> × <paramref name="inputs"/> weight matrix.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="kind">The distribution.</param>
    /// <param name="weights">The matrix, row-major, exactly <paramref name="outputs"/>·<paramref name="inputs"/> long.</param>
    /// <param name="outputs">fan_out, the number of rows, &gt;= 1.</param>
    /// <param name="inputs">fan_in, the number of columns, &gt;= 1.</param>
    /// <param name="random">The generator to draw from.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, the span's length is not their product, or <paramref name="kind"/> is unknown.</exception>
    public static void FillWeights<T>(WeightInitializerKind kind, Span<T> weights, int outputs, int inputs, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShape(weights.Length, outputs, inputs, random, nameof(weights));
        Fill(kind, weights, outputs, inputs, random);
    }

    /// <summary>
    /// The values <see cref="FillWeights"/> draws, stored transposed (in × out, each input's weights contiguous, as the
    /// sparse-input engine trains them) without an out × in copy: they are drawn a few output rows at a time.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="kind">The initialization scheme.</param>
    /// <param name="transposed">inputs × outputs values, input-major; overwritten.</param>
    /// <param name="outputs">The layer's output count (fan-out).</param>
    /// <param name="inputs">The layer's input count (fan-in).</param>
    /// <param name="random">The source of randomness; advanced exactly as by <see cref="FillWeights"/>.</param>
    /// <param name="inputRows">Where each input's row goes (a permutation of the inputs); empty for input order.</param>
    public static void FillWeightsInputMajor<T>(WeightInitializerKind kind, Span<T> transposed, int outputs, int inputs, Random random,
        ReadOnlySpan<int> inputRows = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!inputRows.IsEmpty && inputRows.Length != inputs)
            throw new ArgumentException($"inputRows has {inputRows.Length} entries for {inputs} inputs.", nameof(inputRows));
        CheckShape(transposed.Length, outputs, inputs, random, nameof(transposed));

        // An even number of rows per block keeps every block but the last of even length, so the normal draws
        // (made in pairs) fall exactly as in one pass over the whole matrix.
        int rowsPerBlock = Math.Min(outputs, Math.Max(2, (1 << 20) / inputs) & ~1);
        var block = new T[(long)rowsPerBlock * inputs];
        for (int first = 0; first < outputs; first += rowsPerBlock)
        {
            int rows = Math.Min(rowsPerBlock, outputs - first);
            Span<T> drawn = block.AsSpan(0, rows * inputs);
            Fill(kind, drawn, outputs, inputs, random);
            for (int i = 0; i < inputs; i++)
            {
                Span<T> target = transposed.Slice(((inputRows.IsEmpty ? i : inputRows[i]) * outputs) + first, rows);
                for (int r = 0; r < rows; r++)
                {
                    target[r] = drawn[(r * inputs) + i];
                }
            }
        }
    }

    private static void CheckShape(int length, int outputs, int inputs, Random random, string name)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        if ((long)outputs * inputs != length)
        {
            throw new ArgumentOutOfRangeException(name, length, $"{name} must hold outputs × inputs = {(long)outputs * inputs} values.");
        }
    }

    // Draws weights.Length values of the scheme for a layer of the given fans, in order.
    private static void Fill<T>(WeightInitializerKind kind, Span<T> weights, int outputs, int inputs, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double fanIn = inputs;
        double fanOut = outputs;
        switch (kind)
        {
            case WeightInitializerKind.GlorotUniform:
                FillUniform(weights, Math.Sqrt(6 / (fanIn + fanOut)), random);
                break;
            case WeightInitializerKind.GlorotNormal:
                FillNormal(weights, Math.Sqrt(2 / (fanIn + fanOut)), random);
                break;
            case WeightInitializerKind.HeUniform:
                FillUniform(weights, Math.Sqrt(6 / fanIn), random);
                break;
            case WeightInitializerKind.HeNormal:
                FillNormal(weights, Math.Sqrt(2 / fanIn), random);
                break;
            case WeightInitializerKind.Uniform:
                FillUniform(weights, 1 / Math.Sqrt(fanIn), random);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "kind must be a defined WeightInitializer.");
        }
    }

    /// <summary>Sets a bias vector to zero.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="bias">The bias vector.</param>
    /// <remarks>
    /// The random weights already break the symmetry between units, so biases need no randomness;
    /// zero keeps each unit's first pre-activations centred where the weight scale was derived
    /// (the Glorot and He analyses assume zero bias), and it is Keras' default. torch's
    /// <c>nn.Linear</c> draws biases uniformly instead; the cross-backend check hands torch our
    /// initial parameters, so it is unaffected.
    /// </remarks>
    public static void FillBias<T>(Span<T> bias)
        where T : unmanaged, IFloatingPointIeee754<T> => bias.Clear();

    private static void FillUniform<T>(Span<T> weights, double limit, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i++)
        {
            // NextDouble is in [0, 1), so the sample is in [−limit, limit).
            weights[i] = T.CreateChecked(((2 * random.NextDouble()) - 1) * limit);
        }
    }

    private static void FillNormal<T>(Span<T> weights, double standardDeviation, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i += 2)
        {
            // 1 − NextDouble is in (0, 1], which keeps the logarithm finite.
            double radius = standardDeviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            double angle = 2 * Math.PI * random.NextDouble();
            weights[i] = T.CreateChecked(radius * Math.Cos(angle));
            if (i + 1 < weights.Length)
            {
                weights[i + 1] = T.CreateChecked(radius * Math.Sin(angle));
            }
        }
    }
}
