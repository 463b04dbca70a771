namespace SensorStack.BudgetReport.Measuring;

/// <summary>KEY=VALUE lines, the format the script and the tool hand each other (no quoting: a value
/// is the rest of its line).</summary>
internal static class KeyValueFile
{
    public static IReadOnlyDictionary<string, string> Parse(string text) =>
        text.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);

    public static string Format(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Concat(pairs.Select(p => $"{p.Key}={OneLine(p.Key, p.Value)}\n"));

    private static string OneLine(string key, string value) =>
        value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)
            ? throw new FormatException($"{key}: a value with a line break cannot be passed on")
            : value;
}
