namespace MlNetNeural.Cli.Data;

/// <summary>
/// What one streamed pass over every row says about a column: how many values are missing, whether the rest are all
/// numbers (and whole numbers), how many distinct values there are (counted exactly up to <see cref="DistinctCap"/>),
/// and how many words a value has on average. <see cref="Featurization"/> decides from it.
/// </summary>
internal sealed class ColumnProfile
{
    /// <summary>Distinct values are counted exactly up to this many; past it the column is "many-valued".</summary>
    public const int DistinctCap = 10_000;

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private long _words;
    private double _last = double.NegativeInfinity;

    private ColumnProfile(string name) => Name = name;

    /// <summary>The column's header name.</summary>
    public string Name { get; }

    /// <summary>Rows read.</summary>
    public int Rows { get; private set; }

    /// <summary>Rows whose value is empty or a missing word (?, NA, N/A, null).</summary>
    public int Missing { get; private set; }

    /// <summary>Whether every non-missing value is a number.</summary>
    public bool AllNumbers { get; private set; } = true;

    /// <summary>Whether every non-missing value is a whole number.</summary>
    public bool AllWholeNumbers { get; private set; } = true;

    /// <summary>Whether every non-missing value is a date or a time, and not a number (2011-01-01, 1/31/2024 10:00).</summary>
    public bool AllDates { get; private set; } = true;

    /// <summary>Whether every non-missing value is a number greater than the one before it (a row number, an ID sequence).</summary>
    public bool Increasing { get; private set; } = true;

    /// <summary>Distinct non-missing values, exact up to <see cref="DistinctCap"/> (then at least that).</summary>
    public int Distinct => _counts.Count;

    /// <summary>Whether <see cref="Distinct"/> reached the cap.</summary>
    public bool ManyValued { get; private set; }

    /// <summary>The mean number of whitespace-separated words in a non-missing value.</summary>
    public double MeanWords => Rows - Missing == 0 ? 0 : (double)_words / (Rows - Missing);

    /// <summary>The non-missing values seen at least <paramref name="minimumCount"/> times, most frequent first (ties by value).</summary>
    public IReadOnlyList<string> ValuesSeenAtLeast(int minimumCount) =>
        [.. _counts.Where(p => p.Value >= minimumCount).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key)];

    /// <summary>Profiles every column of <paramref name="file"/> in one pass over its rows.</summary>
    public static IReadOnlyList<ColumnProfile> Of(DelimitedFile file)
    {
        var profiles = file.Header.Select(name => new ColumnProfile(name)).ToArray();
        foreach (var fields in file.AllRows())
        {
            for (int i = 0; i < profiles.Length; i++)
                profiles[i].Add(i < fields.Length ? fields[i].Trim() : "");
        }
        return profiles;
    }

    private void Add(string value)
    {
        Rows++;
        if (DelimitedFile.IsMissing(value))
        {
            Missing++;
            return;
        }
        if (AllNumbers)
        {
            if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number))
            {
                AllNumbers = AllWholeNumbers = Increasing = false;
            }
            else
            {
                AllWholeNumbers &= number == Math.Floor(number);
                Increasing &= number > _last;
                _last = number;
            }
        }
        if (AllDates)
            AllDates = !AllNumbers && DateTime.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
        _words += Words(value);
        if (_counts.TryGetValue(value, out int count))
            _counts[value] = count + 1;
        else if (_counts.Count < DistinctCap)
            _counts[value] = 1;
        else
            ManyValued = true;
    }

    // Whitespace-separated words, counted without splitting: this runs for every field of every row.
    private static int Words(string value)
    {
        int words = 0;
        bool inWord = false;
        foreach (char c in value)
        {
            bool space = char.IsWhiteSpace(c);
            if (!space && !inWord)
                words++;
            inWord = !space;
        }
        return words;
    }
}
