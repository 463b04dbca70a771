using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace SensorOperator.Api;

/// <summary>
/// Durations in Go's time.ParseDuration form (300ms, 30s, 1m30s, 1.5h, 2h45m), which is also what
/// the CRD's CEL duration() accepts. No library here parses them; this is the small subset a
/// positive interval needs: a sequence of decimal numbers, each with a unit of ns, us (or µs), ms,
/// s, m or h. Days are not a Go unit (VictoriaMetrics' retention has its own parser).
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, decimal Ticks)[] Units =
    [
        ("ns", 0.01m),
        ("us", 10m),
        ("µs", 10m),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string field, string? text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        error = $"{field}: \"{text}\" is not a duration (examples: 30s, 1m30s, 2h)";
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var s = text;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            error = null;
            return true;
        }

        if (s.Length == 0)
        {
            return false;
        }

        decimal ticks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                || s[start..i] == ".")
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            var unit = s[unitStart..i];
            var match = Array.FindIndex(Units, u => u.Unit == unit);
            if (match < 0)
            {
                return false;
            }

            // Checked before multiplying: decimal itself overflows on a long enough number.
            if (number > (TimeSpan.MaxValue.Ticks - ticks) / Units[match].Ticks)
            {
                error = $"{field}: \"{text}\" is too long a duration";
                return false;
            }

            ticks += number * Units[match].Ticks;
        }

        duration = TimeSpan.FromTicks((long)decimal.Round(ticks, MidpointRounding.AwayFromZero) * (negative ? -1 : 1));
        error = null;
        return true;
    }

    /// <summary>
    /// Compact form that both Go and Prometheus/VictoriaMetrics configuration accept: whole hours,
    /// minutes, seconds and milliseconds, zero parts left out (1m30s, 2h, 500ms, 0s).
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            sb.Append('-');
            duration = duration.Negate();
        }

        Append(sb, (long)duration.TotalHours, "h");
        Append(sb, duration.Minutes, "m");
        Append(sb, duration.Seconds, "s");
        Append(sb, duration.Milliseconds, "ms");
        return sb.Length == 0 || sb.ToString() == "-" ? "0s" : sb.ToString();
    }

    private static void Append(StringBuilder sb, long value, string unit)
    {
        if (value != 0)
        {
            sb.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
