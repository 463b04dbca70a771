using System.Globalization;
using System.Text.RegularExpressions;

namespace SensorStack.BudgetReport.Measuring;

/// <summary>What one load generator (`hey`) reported: requests by status code and errors.</summary>
internal sealed partial record LoadResult(
    string Name,
    string Description,
    int Requests,
    double RequestsPerSecond,
    IReadOnlyDictionary<int, int> StatusCodes,
    int Errors)
{
    /// <summary>Parses hey's default summary. <paramref name="description"/> is the first line the
    /// script wrote ("# what: ...") so the report can say what the load was.</summary>
    public static LoadResult Parse(string name, string text)
    {
        var description = text.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? name;
        var statuses = StatusLine().Matches(text).ToDictionary(
            m => int.Parse(m.Groups["code"].Value, CultureInfo.InvariantCulture),
            m => int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture));
        var errors = ErrorLine().Matches(text).Sum(m => int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture));
        var rate = RateLine().Match(text) is { Success: true } r
            ? double.Parse(r.Groups["rate"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)
            : 0;
        return new LoadResult(name, description, statuses.Values.Sum() + errors, rate, statuses, errors);
    }

    /// <summary>One row per kind of load: generators with the same description (the bursts) summed,
    /// their rate the mean of the runs' rates.</summary>
    public static IReadOnlyList<LoadResult> Combine(IEnumerable<LoadResult> results) =>
        results.GroupBy(r => r.Description)
            .Select(g => new LoadResult(
                g.First().Name,
                g.Key,
                g.Sum(r => r.Requests),
                g.Average(r => r.RequestsPerSecond),
                g.SelectMany(r => r.StatusCodes).GroupBy(c => c.Key).ToDictionary(c => c.Key, c => c.Sum(x => x.Value)),
                g.Sum(r => r.Errors)))
            .ToList();

    [GeneratedRegex(@"^\s*\[(?<code>\d{3})\]\s+(?<count>\d+) responses", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    // hey lists transport errors as "  [count]\tmessage" under "Error distribution:".
    [GeneratedRegex(@"^\s*\[(?<count>\d+)\]\s+\D", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"Requests/sec:\s+(?<rate>[\d.]+)")]
    private static partial Regex RateLine();
}
