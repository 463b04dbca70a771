using System.Globalization;

namespace SensorStack.BudgetReport.Measuring;

/// <summary>One resize the runner decided: applied (and confirmed), refused by the budget guard, or failed to apply.</summary>
/// <param name="Component">The operator's name (sensor, victoriaMetrics, alerting).</param>
/// <param name="SumAfter">Σ limits in force after it (unchanged when not applied).</param>
/// <param name="Outcome">"applied", or "refused: why" / "failed: why".</param>
internal sealed record ResizeRow(double Seconds, string Component, long From, long To, bool Restarted, long SumAfter, string Outcome, string Reason, string Message)
{
    public bool Applied => Outcome == "applied";
}

/// <summary>What the runner saw at one decision: the limits in force, and the sensor's own view of its limit and GC heap limit.</summary>
/// <param name="Limits">Limit in force per samples column (sensor, victoria-metrics, vmalert).</param>
/// <param name="SensorCgroupLimit">sensor_memory_limit_bytes as the sensor exported it; null when it did not answer.</param>
/// <param name="SensorGcHeapLimit">sensor_gc_heap_limit_bytes; null when the sensor did not answer.</param>
internal sealed record TickRow(double Seconds, string Condition, IReadOnlyDictionary<string, long> Limits, long? SensorCgroupLimit, long? SensorGcHeapLimit)
{
    public long Sum => Limits.Values.Sum();
}

/// <summary>
/// The autopilot runner's two files: autopilot-resizes.csv (one line per step) and autopilot-ticks.csv
/// (one line per decision). Written and read here, so the format lives in one place.
/// </summary>
internal sealed record AutopilotRecord(IReadOnlyList<ResizeRow> Resizes, IReadOnlyList<TickRow> Ticks)
{
    public const string ResizesHeader = "seconds,component,from,to,restarted,sum_after,outcome,reason,message";
    private const string SensorLimit = "sensor-cgroup-limit";
    private const string SensorHeap = "sensor-gc-heap-limit";

    public static string TicksHeader(IReadOnlyList<string> columns) => $"seconds,condition,{string.Join(',', columns)},{SensorLimit},{SensorHeap}";

    // Reason and condition are CamelCase constants; the message is free text, so it comes last and keeps its commas.
    public static string Format(ResizeRow row) => string.Join(',',
        F(row.Seconds), row.Component, I(row.From), I(row.To), row.Restarted ? "1" : "0", I(row.SumAfter), row.Outcome.Replace(',', ';'), row.Reason, row.Message.Replace('\n', ' '));

    public static string Format(TickRow row, IReadOnlyList<string> columns) => string.Join(',',
        [F(row.Seconds), row.Condition, .. columns.Select(c => I(row.Limits[c])), row.SensorCgroupLimit is { } l ? I(l) : "", row.SensorGcHeapLimit is { } h ? I(h) : ""]);

    public static AutopilotRecord Parse(string resizesCsv, string ticksCsv)
    {
        var resizes = Lines(resizesCsv, ResizesHeader, "autopilot-resizes.csv").Select(l =>
        {
            var c = l.Text.Split(',', 9);
            if (c.Length != 9)
            {
                throw new FormatException($"autopilot-resizes.csv line {l.Number} has {c.Length} cells, expected 9");
            }

            return new ResizeRow(D(c[0]), c[1], L(c[2]), L(c[3]), c[4] == "1", L(c[5]), c[6], c[7], c[8]);
        }).ToList();

        var ticksLines = ticksCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ticksLines.Length == 0 || !ticksLines[0].StartsWith("seconds,condition,", StringComparison.Ordinal) || !ticksLines[0].EndsWith($",{SensorLimit},{SensorHeap}", StringComparison.Ordinal))
        {
            throw new FormatException("autopilot-ticks.csv has no 'seconds,condition,...' header");
        }

        var columns = ticksLines[0].Split(',')[2..^2];
        var ticks = ticksLines.Skip(1).Select((line, i) =>
        {
            var c = line.Split(',');
            if (c.Length != columns.Length + 4)
            {
                throw new FormatException($"autopilot-ticks.csv line {i + 2} has {c.Length} cells, expected {columns.Length + 4}");
            }

            var limits = columns.Select((name, k) => (name, L(c[k + 2]))).ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal);
            return new TickRow(D(c[0]), c[1], limits, c[^2].Length == 0 ? null : L(c[^2]), c[^1].Length == 0 ? null : L(c[^1]));
        }).ToList();
        return new AutopilotRecord(resizes, ticks);
    }

    private static IEnumerable<(string Text, int Number)> Lines(string csv, string header, string file)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || lines[0] != header)
        {
            throw new FormatException($"{file} has no '{header}' header");
        }

        return lines.Skip(1).Select((l, i) => (l, i + 2));
    }

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static double D(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static long L(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
