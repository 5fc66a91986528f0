using System.Globalization;

namespace MlNetNeural;

/// <summary>
/// An option of a trainer, of its settings objects or of a search has a value it does not accept. The options'
/// <c>Validate()</c> throws it, and every trainer validates its options before it reads any data.
/// </summary>
/// <remarks>
/// <see cref="Option"/>, <see cref="Element"/>, <see cref="ArgumentOutOfRangeException.ActualValue"/> and
/// <see cref="Requirement"/> say which option, what it was and what it must be, so that a tool can report the error in
/// its own words (the command-line tool names its own flag) without reading the message.
/// </remarks>
public sealed class InvalidOptionException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception for option <paramref name="option"/>.</summary>
    /// <param name="option">The option: a property of the options object, such as <c>LearningRate</c>.</param>
    /// <param name="actualValue">The value it had.</param>
    /// <param name="requirement">What it must be, completing "must be …": <c>in (0, 1)</c>, <c>&gt;= 1</c>, <c>one of Sgd, Adam</c>.</param>
    /// <param name="element">Where inside the option the fault is, an index (<c>[2]</c>) or a setting (<c>.Beta2</c>); empty for the option itself.</param>
    public InvalidOptionException(string option, object? actualValue, string requirement, string element = "")
        : base(option + element, actualValue, null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(option);
        ArgumentException.ThrowIfNullOrWhiteSpace(requirement);
        ArgumentNullException.ThrowIfNull(element);
        Option = option;
        Requirement = requirement;
        Element = element;
    }

    /// <summary>The option at fault: a property of the options object, such as <c>LearningRate</c> or <c>OptimizerSettings</c>.</summary>
    public string Option { get; }

    /// <summary>Where inside <see cref="Option"/> the fault is: an index (<c>[2]</c>), a setting (<c>.Beta2</c>), or empty.</summary>
    public string Element { get; }

    /// <summary>What the value must be, completing "must be …".</summary>
    public string Requirement { get; }

    /// <summary>"Option <see cref="Option"/><see cref="Element"/> must be <see cref="Requirement"/>; it was …".</summary>
    public override string Message => $"Option {Option}{Element} must be {Requirement}; it was {Describe(ActualValue)}.";

    /// <summary>The same fault seen from the options object that holds <see cref="Option"/> as its option <paramref name="parent"/>.</summary>
    internal InvalidOptionException Within(string parent) => new(parent, ActualValue, Requirement, "." + Option + Element);

    /// <summary>A value as the message shows it: invariant numbers, quoted text.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "null",
        bool flag => flag ? "true" : "false",
        string text => $"'{text}'",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
