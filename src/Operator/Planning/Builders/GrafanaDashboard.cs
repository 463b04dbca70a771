using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SensorOperator.Planning.Builders;

/// <summary>The numbers of a plan the dashboard draws as reference lines.</summary>
internal sealed record StackPlanNumbers(long BudgetBytes, long AllocatedBytes, IReadOnlyList<ComponentPlan> Components);

/// <summary>
/// The stack's Grafana dashboard: the sensor's CPU spike histogram, and memory used per component
/// against its limit and the whole stack against the budget. Limits and budget are drawn as constant
/// series (vector(bytes)) taken from the plan, so the dashboard needs no metrics from the operator.
/// Memory used is each process's own report: process_working_set_bytes (.NET, prometheus-net) or
/// process_resident_memory_bytes (Go: VictoriaMetrics, Grafana).
/// </summary>
internal static class GrafanaDashboard
{
    public const string DatasourceUid = "victoriametrics";
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // The JSON is read by Grafana and people, never embedded in HTML: keep quotes and + readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(ResolvedSpec spec, StackPlanNumbers numbers)
    {
        var sensorJob = ScrapeConfigBuilder.SensorJobName(spec);
        var memory = new Dictionary<string, string>
        {
            [ComponentNames.Sensor] = $"process_working_set_bytes{{job=\"{sensorJob}\"}} or process_resident_memory_bytes{{job=\"{sensorJob}\"}}",
            // -selfScrapeInterval scrapes VictoriaMetrics itself under job="victoria-metrics".
            [ComponentNames.VictoriaMetrics] = "process_resident_memory_bytes{job=\"victoria-metrics\"}",
            [ComponentNames.Grafana] = $"process_resident_memory_bytes{{job=\"{ScrapeConfigBuilder.GrafanaJobName(spec)}\"}}",
            [ComponentNames.Alerting] = $"process_resident_memory_bytes{{job=\"{ScrapeConfigBuilder.VmAlertJobName(spec)}\"}}",
        };

        var panels = new List<JsonNode>();
        var y = 0;
        panels.Add(Row(id: 1, "CPU spikes (sensor)", y++));
        panels.Add(Panel(id: 2, "Spike durations", "heatmap", x: 0, y, w: 12, h: 8,
            "Each period where the sensor's CPU use stayed above its threshold, by duration (sensor_cpu_spike_seconds).",
            [Target("A", $"sum by (le) (increase(sensor_cpu_spike_seconds_bucket{{job=\"{sensorJob}\"}}[$__rate_interval]))", "{{le}}", format: "heatmap")],
            unit: "s"));
        panels.Add(Panel(id: 3, "Spikes per minute and p95 duration", "timeseries", x: 12, y, w: 12, h: 8,
            "How often the sensor spikes, and how long the longer ones last.",
            [
                Target("A", $"sum(rate(sensor_cpu_spike_seconds_count{{job=\"{sensorJob}\"}}[$__rate_interval])) * 60", "spikes / min"),
                Target("B", $"histogram_quantile(0.95, sum by (le) (rate(sensor_cpu_spike_seconds_bucket{{job=\"{sensorJob}\"}}[$__rate_interval])))", "p95 duration (s)"),
            ],
            unit: "short"));
        y += 8;

        panels.Add(Row(id: 9, "Memory", y++));
        var id = 10;
        var x = 0;
        var width = 24 / numbers.Components.Count;
        foreach (var component in numbers.Components)
        {
            panels.Add(Panel(id++, $"{component.Name}: used vs limit", "timeseries", x, y, width, h: 8,
                $"Memory of each {component.Name} pod against its limit of {Api.Quantities.Format(component.LimitBytes)} (request == limit).",
                [
                    Target("A", $"max by (pod, instance) ({memory[component.Name]})", "{{pod}}{{instance}}"),
                    Target("B", $"vector({component.LimitBytes})", "limit"),
                ],
                unit: "bytes"));
            x += width;
        }

        y += 8;
        var total = string.Join(" + ", numbers.Components.Select(c => $"(sum({memory[c.Name]}) or vector(0))"));
        panels.Add(Panel(id, "Stack: used vs allocated vs budget", "timeseries", x: 0, y, w: 24, h: 8,
            $"Every component's memory summed, against the planned limits ({Api.Quantities.Format(numbers.AllocatedBytes)}) and spec.memoryBudget ({Api.Quantities.Format(numbers.BudgetBytes)}).",
            [
                Target("A", total, "used"),
                Target("B", $"vector({numbers.AllocatedBytes})", "allocated"),
                Target("C", $"vector({numbers.BudgetBytes})", "budget"),
            ],
            unit: "bytes"));

        if (spec.Alerting.Enabled)
        {
            y += 8;
            panels.Add(AlertsPanel(spec, id + 1, y));
        }

        var dashboard = new JsonObject
        {
            ["uid"] = $"sensor-stack-{spec.StackName}",
            ["title"] = $"SensorStack {spec.Namespace}/{spec.StackName}",
            ["tags"] = new JsonArray("sensor-stack"),
            ["timezone"] = "browser",
            ["schemaVersion"] = 39,
            ["version"] = 1,
            ["editable"] = false,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-1h", ["to"] = "now" },
            ["panels"] = new JsonArray([.. panels]),
        };
        return dashboard.ToJsonString(Indented) + "\n";
    }

    /// <summary>
    /// The stack's alerts as vmalert writes them back to VictoriaMetrics: the ALERTS series, one per
    /// pending or firing alert, labelled with the rule's labels. An instant table: what is wrong now.
    /// </summary>
    private static JsonObject AlertsPanel(ResolvedSpec spec, int id, int y)
    {
        var panel = Panel(id, "Alerts (pending and firing)", "table", x: 0, y, w: 24, h: 8,
            $"Alerts of the stack's rules that are pending or firing now, from the ALERTS series vmalert writes to VictoriaMetrics. Empty when all is well; notifications go to {spec.Alerting.NotifierUrl ?? "no Alertmanager (spec.alerting.notifierUrl is not set)"}.",
            [Target("A", $"max by (alertname, alertstate, severity, pod) (ALERTS{{sensorstack=\"{spec.StackName}\",namespace=\"{spec.Namespace}\"}})", "{{alertname}}", format: "table")],
            unit: "short");
        panel["targets"]![0]!["instant"] = true;
        return panel;
    }

    private static JsonObject Row(int id, string title, int y) => new()
    {
        ["type"] = "row",
        ["title"] = title,
        ["collapsed"] = false,
        ["id"] = id,
        ["gridPos"] = GridPos(0, y, 24, 1),
        ["panels"] = new JsonArray(),
    };

    private static JsonObject Panel(int id, string title, string type, int x, int y, int w, int h, string description, JsonObject[] targets, string unit) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["title"] = title,
        ["description"] = description,
        ["datasource"] = Datasource(),
        ["gridPos"] = GridPos(x, y, w, h),
        ["fieldConfig"] = new JsonObject
        {
            ["defaults"] = new JsonObject { ["unit"] = unit },
            ["overrides"] = new JsonArray(),
        },
        ["targets"] = new JsonArray(targets),
    };

    private static JsonObject Target(string refId, string expr, string legend, string format = "time_series") => new()
    {
        ["refId"] = refId,
        ["datasource"] = Datasource(),
        ["expr"] = expr,
        ["legendFormat"] = legend,
        ["format"] = format,
    };

    private static JsonObject Datasource() => new() { ["type"] = "prometheus", ["uid"] = DatasourceUid };

    private static JsonObject GridPos(int x, int y, int w, int h) => new() { ["x"] = x, ["y"] = y, ["w"] = w, ["h"] = h };
}
