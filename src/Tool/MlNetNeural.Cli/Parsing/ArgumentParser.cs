namespace MlNetNeural.Cli.Parsing;

/// <summary>
/// Splits a command's arguments into positionals and options. Accepts <c>--name value</c>,
/// <c>--name=value</c> and <c>-h</c>; an option that takes a value always takes the next argument,
/// so negative numbers work (<c>--seed -1</c>); <c>--</c> ends the options.
/// </summary>
/// <remarks>
/// Kept hand-written rather than moved to System.CommandLine (yet): the tool's contract, pinned by BadArgumentTests, is
/// one line on stderr naming the culprit and exit code 2 for every mistake (an unknown option with its nearest name, a
/// repeated option, a bad value with what was expected). System.CommandLine's default is its own error list followed
/// by usage; keeping the contract there means rewriting each of those messages from its parse errors, a change of its
/// own for tab completion and response files. Noted on issue 17.
/// </remarks>
internal static class ArgumentParser
{
    /// <summary>Parses <paramref name="args"/> for <paramref name="command"/>, throwing <see cref="UsageException"/> on the first mistake.</summary>
    public static ParsedArguments Parse(string command, IReadOnlyList<string> args, IReadOnlyList<OptionSpec> options, IReadOnlyList<string> positionalNames)
    {
        var known = options.Concat(OptionSpec.Common).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positionals = new List<string>();
        if (args.Any(a => a is "--help" or "-h"))
            return new ParsedArguments(command, positionals, new Dictionary<string, string?> { ["help"] = null });

        bool optionsEnded = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (optionsEnded || !arg.StartsWith('-') || arg == "-")
            {
                positionals.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"unknown option '{arg}'");

            string name = arg[2..];
            string? inlineValue = null;
            int equals = name.IndexOf('=');
            if (equals >= 0)
            {
                inlineValue = name[(equals + 1)..];
                name = name[..equals];
            }
            if (!known.TryGetValue(name, out var spec))
                throw new UsageException($"unknown option '--{name}'{Suggestion(name, known.Keys)}");
            if (values.ContainsKey(name))
                throw new UsageException($"option '--{name}' is given more than once");
            values[name] = ValueOf(spec, name, inlineValue, args, ref i, known);
        }

        if (positionals.Count > positionalNames.Count)
            throw new UsageException($"unexpected argument '{positionals[positionalNames.Count]}'");
        if (positionals.Count < positionalNames.Count)
            throw new UsageException($"missing {string.Join(" and ", positionalNames.Skip(positionals.Count).Select(p => $"<{p}>"))}");
        return new ParsedArguments(command, positionals, values);
    }

    // An option's value: none for a flag, the text after '=', or the next argument unless that is an option itself.
    private static string? ValueOf(OptionSpec spec, string name, string? inlineValue, IReadOnlyList<string> args, ref int i, Dictionary<string, OptionSpec> known)
    {
        if (spec.IsFlag)
        {
            if (inlineValue is not null)
                throw new UsageException($"option '--{name}' takes no value");
            return null;
        }
        if (inlineValue is not null)
            return inlineValue;
        if (i + 1 < args.Count && !IsKnownOption(args[i + 1], known))
            return args[++i];
        throw new UsageException($"option '--{name}' needs a value ({spec.ValueName})");
    }

    /// <summary>Whether <paramref name="arg"/> is one of the command's options, so it cannot be the previous option's value.</summary>
    private static bool IsKnownOption(string arg, Dictionary<string, OptionSpec> known)
        => arg.StartsWith("--", StringComparison.Ordinal) && known.ContainsKey(arg[2..].Split('=')[0]);

    /// <summary>" (did you mean '--x'?)" for the closest known option, when one is close.</summary>
    private static string Suggestion(string name, IEnumerable<string> known)
    {
        var best = known.Select(k => (Name: k, Distance: Distance(name, k))).MinBy(k => k.Distance);
        return best.Name is not null && best.Distance <= Math.Max(1, name.Length / 3) ? $" (did you mean '--{best.Name}'?)" : "";
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
