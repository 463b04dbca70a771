using System.Globalization;
using System.Security;
using System.Text;
using SensorStack.BudgetReport.Measuring;

namespace SensorStack.BudgetReport.Reporting;

/// <summary>
/// Pure: memory over time as an SVG. The stack's components are stacked areas (their sum is what the
/// budget constrains), Grafana, when enabled but not run, a pale band at its limit on top of them, the
/// budget and the target horizontal lines, the Prometheus baseline a dashed line on its own, and load
/// bursts shaded.
/// </summary>
internal static class SvgChart
{
    internal const double Width = 920, Height = 440, Left = 64, Right = 110, Top = 64, Bottom = 48;
    internal static readonly Dictionary<string, string> Colors = new Dictionary<string, string>
    {
        ["sensor"] = "#4e79a7",
        ["victoria-metrics"] = "#f28e2b",
        ["prometheus"] = "#59a14f",
        ["grafana"] = "#bab0ac",
        ["vmalert"] = "#e15759",
    };

    public static string Render(ReportData data)
    {
        var samples = data.Samples;
        var measured = data.Measured;
        var budgetMiB = data.Plan.Stack.BudgetBytes / Units.BytesPerMiB;
        var targetMiB = data.Run.TargetBytes / Units.BytesPerMiB;
        var duration = Math.Max(1, samples.Seconds.Count > 0 ? samples.Seconds[^1] : 1);
        var grafanaMiB = data.GrafanaAtLimit / Units.BytesPerMiB;
        var highest = samples.Rows.Select(r => Math.Max(StackMiB(measured, samples, r, measured.Count) + grafanaMiB, MiBOf(r, samples.IndexOf("prometheus")))).DefaultIfEmpty(0).Max();
        var yMax = NiceCeiling(Math.Max(budgetMiB, highest) * 1.08);
        double X(double seconds) => Left + (seconds / duration * (Width - Left - Right));
        double Y(double mib) => Height - Bottom - (mib / yMax * (Height - Top - Bottom));

        var svg = Open($"Working set of SensorStack {data.Plan.Stack.Name}, budget {data.Plan.Stack.MemoryBudget}", data.Run.Phases, X);

        Axes(svg, duration, yMax, X, Y);

        if (grafanaMiB > 0)
        {
            // Not measured: the most the kubelet would let Grafana use, stacked where it would sit.
            var top = new List<string>();
            var bottom = new List<string>();
            for (var i = 0; i < samples.Rows.Count; i++)
            {
                var stacked = StackMiB(measured, samples, samples.Rows[i], measured.Count);
                top.Add($"{F(X(samples.Seconds[i]))},{F(Y(stacked + grafanaMiB))}");
                bottom.Insert(0, $"{F(X(samples.Seconds[i]))},{F(Y(stacked))}");
            }

            if (top.Count > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{string.Join(' ', top.Concat(bottom))}\" fill=\"{Colors["grafana"]}\" fill-opacity=\"0.45\"><title>Grafana at its limit (not run)</title></polygon>\n");
            }
        }

        // Stacked areas, drawn top layer first so each lower layer paints over the part it owns.
        for (var layer = data.Measured.Count; layer >= 1; layer--)
        {
            var component = data.Measured[layer - 1];
            var points = new List<string>();
            for (var i = 0; i < samples.Rows.Count; i++)
            {
                points.Add($"{F(X(samples.Seconds[i]))},{F(Y(StackMiB(measured, samples, samples.Rows[i], layer)))}");
            }

            if (points.Count > 0)
            {
                points.Add($"{F(X(samples.Seconds[^1]))},{F(Y(0))}");
                points.Add($"{F(X(samples.Seconds[0]))},{F(Y(0))}");
                svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{string.Join(' ', points)}\" fill=\"{Colors[component]}\" fill-opacity=\"0.85\"><title>{Units.Title(component)}</title></polygon>\n");
            }
        }

        var baseline = samples.IndexOf("prometheus");
        var line = new List<string>();
        for (var i = 0; i < samples.Rows.Count; i++)
        {
            if (samples.Rows[i][baseline] is { } bytes)
            {
                line.Add($"{F(X(samples.Seconds[i]))},{F(Y(bytes / Units.BytesPerMiB))}");
            }
        }

        if (line.Count > 1)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', line)}\" fill=\"none\" stroke=\"{Colors["prometheus"]}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n");
        }

        // A component that stopped: where its samples end, so a crash is not read as a memory drop.
        foreach (var component in data.Measured)
        {
            var index = samples.IndexOf(component);
            var last = Enumerable.Range(0, samples.Rows.Count).LastOrDefault(i => samples.Rows[i][index] is not null, -1);
            if (data.Run.Outcomes[component].ExitCode is { } code && last >= 0)
            {
                var x = X(samples.Seconds[last]);
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{Top}\" y2=\"{F(Height - Bottom)}\" stroke=\"#d62728\" stroke-dasharray=\"3 3\"/>\n");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 4)}\" y=\"{F(Top + 14)}\" fill=\"#d62728\">{Escape($"{Units.Title(component)} stopped (exit code {code})")}</text>\n");
            }
        }

        HorizontalLine(svg, Y(budgetMiB), X, duration, "#d62728", "", $"budget {data.Plan.Stack.MemoryBudget}");
        HorizontalLine(svg, Y(targetMiB), X, duration, "#7f7f7f", " stroke-dasharray=\"2 3\"", $"target {targetMiB:0} MiB");

        Legend(svg, data);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>The document's start: white background, title, and the run's phases shaded.</summary>
    internal static StringBuilder Open(string title, IEnumerable<Phase> phases, Func<double, double> x)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"22\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>\n");
        foreach (var phase in phases)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x(phase.Start))}\" y=\"{Top}\" width=\"{F(Math.Max(0, x(phase.End) - x(phase.Start)))}\" height=\"{F(Height - Top - Bottom)}\" fill=\"#000000\" fill-opacity=\"0.05\"><title>{Escape(phase.Label)}</title></rect>\n");
        }

        return svg;
    }

    internal static void Axes(StringBuilder svg, double duration, double yMax, Func<double, double> x, Func<double, double> y)
    {
        var yStep = NiceStep(yMax / 6);
        for (var mib = 0.0; mib <= yMax + 0.001; mib += yStep)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{F(Width - Right)}\" y1=\"{F(y(mib))}\" y2=\"{F(y(mib))}\" stroke=\"#e0e0e0\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y(mib) + 4)}\" text-anchor=\"end\">{mib:0}</text>\n");
        }

        var xStep = NiceStep(duration / 6);
        for (var s = 0.0; s <= duration + 0.001; s += xStep)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x(s))}\" y=\"{F(Height - Bottom + 16)}\" text-anchor=\"middle\">{s:0}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{F(Width - Right)}\" y1=\"{F(y(0))}\" y2=\"{F(y(0))}\" stroke=\"#333333\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F((Left + Width - Right) / 2)}\" y=\"{F(Height - 10)}\" text-anchor=\"middle\">seconds</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{F((Top + Height - Bottom) / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {F((Top + Height - Bottom) / 2)})\">MiB</text>\n");
    }

    internal static void HorizontalLine(StringBuilder svg, double y, Func<double, double> x, double duration, string color, string dash, string label)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x(0))}\" x2=\"{F(x(duration))}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x(duration) + 6)}\" y=\"{F(y + 4)}\" fill=\"{color}\">{Escape(label)}</text>\n");
    }

    private static void Legend(StringBuilder svg, ReportData data)
    {
        var x = Left;
        const double y = 46;
        var entries = new List<(string Color, string Label, bool Dashed)>
        {
            (Colors["sensor"], $"Sensor (peak {Units.MiB(data.Sensor.Peak)} MiB)", false),
            (Colors["victoria-metrics"], $"VictoriaMetrics (peak {Units.MiB(data.Vm.Peak)} MiB)", false),
        };
        if (data.Plan.VmAlert is not null)
        {
            entries.Add((Colors["vmalert"], $"vmalert (peak {Units.MiB(data.VmAlert.Peak)} MiB)", false));
        }

        if (data.Plan.Grafana is { } grafana)
        {
            entries.Add((Colors["grafana"], $"Grafana at its {grafana.MemoryLimit} limit (not run)", false));
        }

        entries.Add((Colors["prometheus"], $"Prometheus baseline (peak {Units.MiB(data.Baseline.Peak)} MiB)", true));
        foreach (var (color, label, dashed) in entries)
        {
            svg.Append(dashed
                ? $"<line x1=\"{F(x)}\" x2=\"{F(x + 14)}\" y1=\"{F(y - 4)}\" y2=\"{F(y - 4)}\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>\n"
                : $"<rect x=\"{F(x)}\" y=\"{F(y - 10)}\" width=\"14\" height=\"10\" fill=\"{color}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 18)}\" y=\"{F(y)}\" font-size=\"11\">{Escape(label)}</text>\n");
            // About 5.5 px per character of 11 px sans-serif.
            x += 18 + (label.Length * 5.5) + 14;
        }
    }

    /// <summary>The sum, in MiB, of the first <paramref name="layers"/> stack components in a row.</summary>
    private static double StackMiB(IReadOnlyList<string> components, MemorySamples samples, long?[] row, int layers) =>
        components.Take(layers).Sum(c => MiBOf(row, samples.IndexOf(c)));

    private static double MiBOf(long?[] row, int index) => (row[index] ?? 0) / Units.BytesPerMiB;

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(rough, 1e-9))));
        var normalized = rough / magnitude;
        return magnitude * (normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 2.5 ? 2.5 : normalized <= 5 ? 5 : 10);
    }

    internal static double NiceCeiling(double value)
    {
        var step = NiceStep(value / 6);
        return Math.Ceiling(value / step) * step;
    }

    internal static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    internal static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
