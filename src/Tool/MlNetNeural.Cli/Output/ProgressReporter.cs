using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MlNetNeural.Cli.Output;

/// <summary>
/// Progress on stderr: on a terminal one live line (bar, step, loss, ETA) redrawn in place, at most
/// ten times a second; when redirected, one plain line per step; nothing with <c>--quiet</c>.
/// Used per epoch by <c>train</c> and per fit by <c>cv</c>.
/// </summary>
internal sealed class ProgressReporter
{
    private const int BarWidth = 24;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _writer;
    private readonly bool _terminal;
    private readonly bool _quiet;
    private readonly string _unit;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private TimeSpan _lastDraw;
    private int _lastLength;
    private bool _lineOpen;

    /// <summary>Creates a reporter for <paramref name="total"/> steps named <paramref name="unit"/> (e.g. "epoch").</summary>
    public ProgressReporter(CliContext context, bool quiet, string unit, int total)
    {
        _writer = context.Error;
        _terminal = context.ErrorIsTerminal;
        _quiet = quiet;
        _unit = unit;
        _total = Math.Max(1, total);
    }

    /// <summary>Reports that step <paramref name="done"/> (1-based) finished; <paramref name="details"/> is e.g. "loss 0.1234".</summary>
    public void Report(int done, string details)
    {
        if (_quiet)
            return;
        lock (_gate)
        {
            var elapsed = _clock.Elapsed;
            string eta = Eta(elapsed, done);
            if (!_terminal)
            {
                _writer.WriteLine($"{_unit} {done}/{_total}  {details}  elapsed {Clock(elapsed)}  eta {eta}");
                _writer.Flush();
                return;
            }
            if (_lineOpen && done < _total && elapsed - _lastDraw < RedrawInterval)
                return;
            _lastDraw = elapsed;
            int filled = (int)Math.Round(BarWidth * Math.Min(1.0, done / (double)_total));
            var line = new StringBuilder()
                .Append('[').Append('#', filled).Append('-', BarWidth - filled).Append("] ")
                .Append(CultureInfo.InvariantCulture, $"{_unit} {done}/{_total}  {details}  ETA {eta}")
                .ToString();
            int pad = Math.Max(0, _lastLength - line.Length);
            _writer.Write("\r" + line + new string(' ', pad));
            _writer.Flush();
            _lastLength = line.Length;
            _lineOpen = true;
        }
    }

    /// <summary>Ends the live line (so later output starts on a fresh line); call when the work ends, however it ends.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_lineOpen)
                _writer.WriteLine();
            _lineOpen = false;
        }
    }

    /// <summary>Remaining time from the mean time per step so far.</summary>
    private string Eta(TimeSpan elapsed, int done)
        => done <= 0 ? "?" : Clock(TimeSpan.FromTicks(elapsed.Ticks / done * Math.Max(0, _total - done)));

    /// <summary>m:ss, or h:mm:ss past an hour.</summary>
    public static string Clock(TimeSpan time)
        => time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
