using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SensorOperator.Api;

/// <summary>
/// VictoriaMetrics' -retentionPeriod value: a whole number with an optional suffix h, d, w or y; a
/// bare number counts months (VictoriaMetrics' own rule). VictoriaMetrics refuses less than one day.
/// The parsed text is passed to the flag unchanged, so what the user wrote is what VM reads.
/// </summary>
public static partial class RetentionPeriod
{
    public static readonly TimeSpan Minimum = TimeSpan.FromDays(1);

    [GeneratedRegex(@"^([1-9][0-9]{0,5})(h|d|w|y)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    public static bool TryParse(string field, string? text, out TimeSpan period, [NotNullWhen(false)] out string? error)
    {
        period = TimeSpan.Zero;
        var match = text is null ? null : Grammar().Match(text);
        if (match is null || !match.Success)
        {
            error = $"{field}: \"{text}\" is not a retention period (a whole number with h, d, w or y, e.g. 1d, 2w; no suffix means months)";
            return false;
        }

        var n = long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        period = match.Groups[2].Value switch
        {
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            "w" => TimeSpan.FromDays(7 * n),
            "y" => TimeSpan.FromDays(365 * n),
            _ => TimeSpan.FromDays(31 * n), // months, as VictoriaMetrics counts them
        };

        if (period < Minimum)
        {
            error = $"{field}: \"{text}\" is shorter than VictoriaMetrics' minimum retention of 1d";
            return false;
        }

        error = null;
        return true;
    }
}
