using System.Globalization;
using System.Text;
using SensorStack.BudgetReport.Measuring;
using static SensorStack.BudgetReport.Reporting.SvgChart;

namespace SensorStack.BudgetReport.Reporting;

/// <summary>One line of the limits chart: points in (seconds, MiB), drawn solid, dashed (a limit) or dotted.</summary>
internal sealed record ChartSeries(string Label, string Color, string Dash, double Width, IReadOnlyList<(double Seconds, double MiB)> Points);

/// <summary>
/// Pure: an autopilot run's limits and working sets over time as an SVG, drawn with <see cref="SvgChart"/>'s
/// axes and lines. Per component its working set (solid) and the limit in force (dashed steps, in the same
/// colour); Σ limits as a thick step line under the budget; the sensor's own GC heap limit, dotted, which
/// follows the sensor's limit when the runtime takes the resize.
/// </summary>
internal static class LimitChart
{
    public static IReadOnlyList<ChartSeries> Series(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var record = data.Autopilot ?? throw new InvalidOperationException("the run has no autopilot record");
        var samples = data.Samples;
        var end = samples.Seconds.Count > 0 ? samples.Seconds[^1] : 0;
        var columns = ColumnsByComponent(data);
        var series = new List<ChartSeries>();
        foreach (var (component, column) in columns)
        {
            var index = samples.IndexOf(column);
            var workingSet = samples.Seconds.Select((s, i) => (s, samples.Rows[i][index]))
                .Where(p => p.Item2 is not null).Select(p => (p.s, p.Item2!.Value / Units.BytesPerMiB)).ToList();
            series.Add(new ChartSeries($"{Units.Title(column)} working set", Colors[column], "", 2, workingSet));
            var steps = record.Resizes.Where(r => r.Applied && r.Component == component).Select(r => (r.Seconds, r.To));
            series.Add(new ChartSeries($"{Units.Title(column)} limit", Colors[column], "6 3", 1.5, Steps(data.PlannedLimitOf(column), steps, end)));
        }

        var sums = record.Resizes.Where(r => r.Applied).Select(r => (r.Seconds, r.SumAfter));
        series.Add(new ChartSeries("Σ limits", "#333333", "", 3, Steps(columns.Sum(c => data.PlannedLimitOf(c.Column)), sums, end)));
        var heap = record.Ticks.Where(t => t.SensorGcHeapLimit is not null).Select(t => (t.Seconds, t.SensorGcHeapLimit!.Value / Units.BytesPerMiB)).ToList();
        series.Add(new ChartSeries("sensor GC heap limit", Colors["sensor"], "1 3", 2, heap));
        return series;
    }

    public static string Render(ReportData data)
    {
        var series = Series(data);
        var duration = Math.Max(1, data.Samples.Seconds.Count > 0 ? data.Samples.Seconds[^1] : 1);
        var budgetMiB = data.Plan.Stack.BudgetBytes / Units.BytesPerMiB;
        var yMax = NiceCeiling(Math.Max(budgetMiB, series.SelectMany(s => s.Points).Select(p => p.MiB).DefaultIfEmpty(0).Max()) * 1.08);
        double X(double seconds) => Left + (seconds / duration * (Width - Left - Right));
        double Y(double mib) => Height - Bottom - (mib / yMax * (Height - Top - Bottom));

        var svg = Open($"Autopilot: limits and working sets of SensorStack {data.Plan.Stack.Name}, budget {data.Plan.Stack.MemoryBudget}", data.Run.Phases, X);

        Axes(svg, duration, yMax, X, Y);
        foreach (var line in series.Where(s => s.Points.Count > 1))
        {
            var points = string.Join(' ', line.Points.Select(p => $"{F(X(p.Seconds))},{F(Y(p.MiB))}"));
            var dash = line.Dash.Length > 0 ? $" stroke-dasharray=\"{line.Dash}\"" : "";
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"{F(line.Width)}\"{dash}><title>{Escape(line.Label)}</title></polyline>\n");
        }

        HorizontalLine(svg, Y(budgetMiB), X, duration, "#d62728", "", $"budget {data.Plan.Stack.MemoryBudget}");
        Legend(svg, series);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>A step line: <paramref name="initial"/> from 0, each change a vertical step at its time, flat to <paramref name="end"/>.</summary>
    internal static IReadOnlyList<(double Seconds, double MiB)> Steps(long initial, IEnumerable<(double Seconds, long Bytes)> changes, double end)
    {
        var points = new List<(double, double)> { (0, initial / Units.BytesPerMiB) };
        var current = initial;
        foreach (var (seconds, bytes) in changes)
        {
            points.Add((seconds, current / Units.BytesPerMiB));
            points.Add((seconds, bytes / Units.BytesPerMiB));
            current = bytes;
        }

        points.Add((Math.Max(end, points[^1].Item1), current / Units.BytesPerMiB));
        return points;
    }

    private static List<(string Component, string Column)> ColumnsByComponent(ReportData data)
    {
        var columns = new List<(string, string)> { ("sensor", "sensor"), ("victoriaMetrics", "victoria-metrics") };
        if (data.Plan.VmAlert is not null)
        {
            columns.Add(("alerting", "vmalert"));
        }

        return columns;
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<ChartSeries> series)
    {
        double x = Left, y = 42;
        foreach (var line in series)
        {
            var dash = line.Dash.Length > 0 ? $" stroke-dasharray=\"{line.Dash}\"" : "";
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" x2=\"{F(x + 18)}\" y1=\"{F(y - 4)}\" y2=\"{F(y - 4)}\" stroke=\"{line.Color}\" stroke-width=\"{F(line.Width)}\"{dash}/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 22)}\" y=\"{F(y)}\" font-size=\"11\">{Escape(line.Label)}</text>\n");
            // About 5.5 px per character of 11 px sans-serif; a second row when the first is full.
            x += 22 + (line.Label.Length * 5.5) + 14;
            if (x > Width - Right - 150)
            {
                (x, y) = (Left, y + 14);
            }
        }
    }
}
