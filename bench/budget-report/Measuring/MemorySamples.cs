using System.Globalization;

namespace SensorStack.BudgetReport.Measuring;

/// <summary>
/// Memory sampled once a second during the run: one column per component, bytes (working set or
/// RSS, see the run's measurement mode), empty where the process was not running.
/// </summary>
internal sealed class MemorySamples
{
    private MemorySamples(IReadOnlyList<string> components, IReadOnlyList<double> seconds, IReadOnlyList<long?[]> rows)
    {
        Components = components;
        Seconds = seconds;
        Rows = rows;
    }

    public IReadOnlyList<string> Components { get; }

    public IReadOnlyList<double> Seconds { get; }

    /// <summary>Row i holds the bytes of each component (same order as <see cref="Components"/>) at <see cref="Seconds"/>[i].</summary>
    public IReadOnlyList<long?[]> Rows { get; }

    /// <summary>Parses "seconds,component,..." CSV as the script writes it.</summary>
    public static MemorySamples Parse(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || !lines[0].StartsWith("seconds,", StringComparison.Ordinal))
        {
            throw new FormatException("the samples file has no 'seconds,...' header");
        }

        var components = lines[0].Split(',')[1..];
        var seconds = new List<double>();
        var rows = new List<long?[]>();
        foreach (var (line, number) in lines.Skip(1).Select((l, i) => (l, i + 2)))
        {
            var cells = line.Split(',');
            if (cells.Length != components.Length + 1)
            {
                throw new FormatException($"samples line {number} has {cells.Length} cells, expected {components.Length + 1}");
            }

            seconds.Add(double.Parse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture));
            rows.Add(cells[1..].Select(c => c.Length == 0 ? (long?)null : long.Parse(c, CultureInfo.InvariantCulture)).ToArray());
        }

        return new MemorySamples(components, seconds, rows);
    }

    public int IndexOf(string component)
    {
        var index = Components.ToList().IndexOf(component);
        return index >= 0 ? index : throw new FormatException($"the samples have no column '{component}'");
    }

    public Summary Of(string component)
    {
        var index = IndexOf(component);
        return Summary.Of(Rows.Select(r => r[index]).OfType<long>().ToList());
    }

    /// <summary>The per-second sum of <paramref name="components"/> (the stacked total), over the
    /// seconds where all of them were sampled.</summary>
    public Summary OfSum(IReadOnlyList<string> components)
    {
        var indexes = components.Select(IndexOf).ToList();
        var totals = Rows
            .Where(r => indexes.All(i => r[i] is not null))
            .Select(r => indexes.Sum(i => r[i]!.Value))
            .ToList();
        return Summary.Of(totals);
    }
}

/// <summary>Peak and median of a series of byte counts.</summary>
internal sealed record Summary(int Count, long Peak, long Median)
{
    public static Summary Of(IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return new Summary(0, 0, 0);
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Summary(sorted.Count, sorted[^1], median);
    }
}
