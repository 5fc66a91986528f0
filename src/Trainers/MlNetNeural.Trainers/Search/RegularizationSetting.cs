using System.Globalization;
using System.Reflection;
using MlNetNeural.Mlp;

namespace MlNetNeural.Search;

/// <summary>
/// One point of a <see cref="RegularizationGrid"/>: a value per axis. The search hands it to the
/// trainer factory for each fit, together with the seed and cancellation that fit must use;
/// <see cref="ApplyTo{TOptions}"/> turns it into MLP options.
/// </summary>
public sealed class RegularizationSetting
{
    private readonly RegularizationParameter[] _parameters;
    private readonly double[] _values;

    internal RegularizationSetting(int index, RegularizationParameter[] parameters, double[] values, int simplicity, int? seed = null, CancellationToken cancellation = default)
    {
        Index = index;
        _parameters = parameters;
        _values = values;
        Simplicity = simplicity;
        Seed = seed;
        Cancellation = cancellation;
    }

    /// <summary>Position in the grid's <see cref="RegularizationGrid.Settings"/>.</summary>
    public int Index { get; }

    /// <summary>The parameters this setting fixes, in axis order.</summary>
    public IReadOnlyList<RegularizationParameter> Parameters => _parameters;

    /// <summary>The value of each parameter, in axis order.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>
    /// How strongly this setting regularizes relative to the rest of its grid: the sum over axes of
    /// the value's rank (0 = smallest), elastic-net mix axes excluded. The one-standard-error rule
    /// prefers the largest.
    /// </summary>
    public int Simplicity { get; }

    /// <summary>
    /// The seed the search chose for this fit (the same for a given fold across all settings, so that
    /// settings are compared on the same initial weights and batch orders), or <c>null</c> on a grid's own settings.
    /// </summary>
    public int? Seed { get; }

    /// <summary>Cancellation of the search this fit belongs to; <see cref="ApplyTo{TOptions}"/> wires it into the training loop.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The value of <paramref name="parameter"/>, or <c>null</c> when no axis sets it.</summary>
    /// <param name="parameter">The parameter to look up.</param>
    public double? ValueOf(RegularizationParameter parameter)
    {
        int i = Array.IndexOf(_parameters, parameter);
        return i < 0 ? null : _values[i];
    }

    /// <summary>
    /// A copy of <paramref name="template"/> with this setting's regularization, this fit's seed (when
    /// the template has none) and an epoch callback that stops training when the search is cancelled, and without
    /// checkpoints (<see cref="MlpOptionsBase.CheckpointPath"/>). The template is not changed.
    /// </summary>
    /// <typeparam name="TOptions">The MLP options type.</typeparam>
    /// <param name="template">The options every fit starts from.</param>
    public TOptions ApplyTo<TOptions>(TOptions template) where TOptions : MlpOptionsBase, new()
    {
        ArgumentNullException.ThrowIfNull(template);
        var options = Clone(template);
        double? l1 = ValueOf(RegularizationParameter.L1Regularization), l2 = ValueOf(RegularizationParameter.L2Regularization);
        double? strength = ValueOf(RegularizationParameter.ElasticNetStrength), mix = ValueOf(RegularizationParameter.ElasticNetMix);
        if (l1 is { } a)
            options.L1Regularization = (float)a;
        if (l2 is { } b)
            options.L2Regularization = (float)b;
        if (strength is not null || mix is not null)
        {
            double total = template.L1Regularization + template.L2Regularization;
            double alpha = strength ?? total;
            double rho = mix ?? (total > 0 ? template.L1Regularization / total : 0.5);
            options.L1Regularization = (float)(alpha * rho);
            options.L2Regularization = (float)(alpha * (1 - rho));
        }
        if (ValueOf(RegularizationParameter.DropoutRate) is { } dropout)
            options.DropoutRate = (float)dropout;
        options.Seed ??= Seed;
        // The search's fits run side by side on one template: they must not write (or resume from) one checkpoint file.
        options.CheckpointPath = null;
        options.ResumeFromCheckpoint = false;
        if (Cancellation.CanBeCanceled)
            options.CancellationToken = Cancellation;
        return options;
    }

    /// <summary>The setting as <c>L2Regularization=0.001, DropoutRate=0.2</c>.</summary>
    public override string ToString() => string.Join(", ", _parameters.Select((p, i) => $"{p}={FormatValue(_values[i])}"));

    /// <summary>A value in the short invariant form used in tables and legends (0.001, 1e-05, 10).</summary>
    /// <param name="value">The value to format.</param>
    public static string FormatValue(double value) => value.ToString("G6", CultureInfo.InvariantCulture).Replace("E-0", "e-").Replace("E+0", "e").Replace("E", "e");

    internal RegularizationSetting ForFit(int seed, CancellationToken cancellation) => new(Index, _parameters, _values, Simplicity, seed, cancellation);

    /// <summary>Copies every public read-write property; arrays are copied too, so fits never share mutable state.</summary>
    private static TOptions Clone<TOptions>(TOptions template) where TOptions : MlpOptionsBase, new()
    {
        var copy = new TOptions();
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || !property.CanWrite || property.GetIndexParameters().Length > 0 || property.SetMethod is not { IsPublic: true })
                continue;
            object? value = property.GetValue(template);
            property.SetValue(copy, value is Array array ? array.Clone() : value);
        }
        return copy;
    }
}
