using System.Globalization;
using System.Text.RegularExpressions;

namespace SensorStack.BudgetReport.Planning;

/// <summary>
/// Durations as Prometheus and VictoriaMetrics write them in scrape configs ("30s", "1m30s", "500ms").
/// </summary>
internal static partial class GoDuration
{
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var matches = Part().Matches(trimmed);
        if (trimmed.Length == 0 || matches.Sum(m => m.Length) != trimmed.Length)
        {
            throw new FormatException($"'{text}' is not a duration like 30s, 1m or 1m30s");
        }

        var total = TimeSpan.Zero;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            total += match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                "d" => TimeSpan.FromDays(value),
                "w" => TimeSpan.FromDays(7 * value),
                _ => throw new FormatException($"'{text}': unknown unit '{match.Groups["unit"].Value}'"),
            };
        }

        return total;
    }

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>ms|s|m|h|d|w)")]
    private static partial Regex Part();
}
