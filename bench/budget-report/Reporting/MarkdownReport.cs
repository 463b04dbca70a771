using System.Globalization;
using System.Text;
using SensorStack.BudgetReport.Measuring;
using SensorStack.BudgetReport.Querying;

namespace SensorStack.BudgetReport.Reporting;

/// <summary>Pure: the report as Markdown. The tables mirror the seed's (then and now, total versus budget).</summary>
internal static class MarkdownReport
{
    public static string Render(ReportData data, Verdict verdict, string chartFile, string? limitsChartFile = null)
    {
        var md = new StringBuilder();
        var plan = data.Plan;
        md.Line("# Performance budget report");
        md.Line();
        md.Line($"SensorStack `{plan.Stack.Name}` (memory budget {plan.Stack.MemoryBudget}) as `sensor-operator render` plans it, run as local processes under {Seconds(data.Run.LoadSeconds)} of load.");
        md.Line();
        md.Line($"- Date: {data.Run.Date}");
        md.Line($"- Machine: {data.Run.Machine}");
        md.Line($"- Command: `{data.Run.Command}` (commit {data.Run.Commit})");
        md.Line($"- Measured: {MeasurementText(data.Run)}");
        md.Line($"- Binaries: the sensor published NativeAOT from this commit; VictoriaMetrics {data.Run.VictoriaMetricsVersion}"
            + (data.Plan.VmAlert is not null ? $"; vmalert {data.Run.VmAlertVersion} (notifications dropped: no Alertmanager runs locally)" : "")
            + $"; baseline Prometheus {data.Run.PrometheusVersion}, default settings.");
        md.Line();
        md.Line(verdict.Passed
            ? "**Result: PASS**: within budget, no OOM kill, VictoriaMetrics scraped the sensor"
                + (data.Autopilot is not null ? "; Σ limits within the budget at every step, the sensor's GC heap limit followed its limit." : ".")
            : "**Result: FAIL**: " + string.Join("; ", verdict.Failures) + ".");
        md.Line();
        md.Line($"Target, sensor + VictoriaMetrics peak at most {Units.MiB(data.Run.TargetBytes)} MiB with no OOM kill: **{(verdict.TargetMet ? "met" : "not met")}** (peak {Units.MiB(data.Stack.Peak)} MiB).");
        md.Line();

        ThenAndNow(md, data);
        Budget(md, data);
        Baseline(md, data);
        Scrape(md, data);
        Load(md, data.Load);
        md.Line("## Memory over time");
        md.Line();
        md.Line($"![Working set per component, stacked, with the budget line]({chartFile})");
        md.Line();
        md.Line("Stacked areas: the components that count against the budget"
            + (data.Plan.Grafana is not null ? " (Grafana, not run, as a pale band at its limit)" : "")
            + ". Dashed line: the Prometheus baseline (not part of the stack). Shaded: load bursts.");
        md.Line();
        if (limitsChartFile is not null)
        {
            AutopilotSection.Render(md, data, limitsChartFile);
        }

        Settings(md, data);
        return md.ToString();
    }

    private static void ThenAndNow(StringBuilder md, ReportData data)
    {
        md.Line("## Then and now");
        md.Line();
        md.Line("| Component | Seed (docker stats) | Now: peak | Now: median | Planned limit | Headroom to limit | OOM kills |");
        md.Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var component in ReportData.StackComponents)
        {
            var summary = data.Samples.Of(component);
            var limit = data.LimitOf(component);
            var limitText = component == "sensor" ? data.Plan.Sensor.MemoryLimit : data.Plan.VictoriaMetrics.MemoryLimit;
            md.Line($"| {Units.Title(component)} | {SeedReference.ComponentMb[component]} MB | {Units.MiB(summary.Peak)} MiB | {Units.MiB(summary.Median)} MiB | {limitText} | {Headroom(limit, summary.Peak)} | {data.Run.Outcomes[component].OomKills} |");
        }

        var stack = data.Stack;
        var measured = data.MeasuredSum;
        if (data.Plan.VmAlert is { } vmalert)
        {
            // No seed figure: the seed had no alerting.
            var summary = data.VmAlert;
            md.Line($"| vmalert | | {Units.MiB(summary.Peak)} MiB | {Units.MiB(summary.Median)} MiB | {vmalert.Process.MemoryLimit} | {Headroom(vmalert.Process.MemoryLimitBytes, summary.Peak)} | {data.Run.Outcomes["vmalert"].OomKills} |");
        }

        if (data.Plan.Grafana is { } grafana)
        {
            md.Line($"| Grafana | {SeedReference.ComponentMb["grafana"]} MB | not run locally: counted at its limit | | {grafana.MemoryLimit} | | |");
        }
        else
        {
            md.Line($"| Grafana | {SeedReference.ComponentMb["grafana"]} MB | not deployed (disabled in the sample) | | | | |");
        }

        if (data.Plan.Grafana is not null || data.Plan.VmAlert is not null)
        {
            md.Line($"| Sensor + VictoriaMetrics | {SeedReference.ComponentMb["sensor"] + SeedReference.ComponentMb["victoria-metrics"]} MB | {Units.MiB(stack.Peak)} MiB | {Units.MiB(stack.Median)} MiB | {Units.MiB(data.LimitOf("sensor") + data.LimitOf("victoria-metrics"))} MiB | | |");
        }

        md.Line($"| **Total** | **{SeedReference.TotalMb} MB** | **{Units.MiB(data.TotalPeak)} MiB** | **{Units.MiB(measured.Median + data.GrafanaAtLimit)} MiB** | **{Units.MiB(data.Plan.AllocatedBytes)} MiB** | **{Headroom(data.Plan.Stack.BudgetBytes, data.TotalPeak)}** to the budget | |");
        md.Line();
        md.Line("A total's peak is the highest per-second sum, not the sum of the component peaks."
            + (data.Plan.Grafana is not null ? " Grafana is enabled in the sample but no Grafana binary comes from the package sources this report installs from, so the totals count it at its planned limit: the most the kubelet would let it use." : ""));
        md.Line();
    }

    private static void Budget(StringBuilder md, ReportData data)
    {
        var budget = data.Plan.Stack.BudgetBytes;
        var measured = data.MeasuredSum;
        md.Line("## Total versus budget");
        md.Line();
        md.Line("| | Seed | Now |");
        md.Line("| --- | ---: | ---: |");
        md.Line($"| Budget | {SeedReference.BudgetMb} MB | {data.Plan.Stack.MemoryBudget} ({Units.MiB(budget)} MiB) |");
        md.Line($"| Allocated (limits × replicas) | | {Units.MiB(data.Plan.AllocatedBytes)} MiB |");
        var grafana = data.GrafanaAtLimit > 0 ? " (Grafana at its limit)" : "";
        md.Line($"| Used, peak | {SeedReference.TotalMb} MB | {Units.MiB(data.TotalPeak)} MiB{grafana}, {Units.Percent((double)data.TotalPeak / budget)} of the budget |");
        md.Line($"| Used, median | | {Units.MiB(measured.Median + data.GrafanaAtLimit)} MiB{grafana} |");
        md.Line($"| Headroom (budget − peak) | {SeedReference.BudgetMb - SeedReference.TotalMb} MB | {Headroom(budget, data.TotalPeak)} |");
        md.Line();
    }

    private static void Baseline(StringBuilder md, ReportData data)
    {
        var vm = data.Vm;
        var baseline = data.Baseline;
        md.Line("## Baseline: Prometheus scraping the same sensor");
        md.Line();
        md.Line("| Store | Peak | Median | Peak relative to VictoriaMetrics |");
        md.Line("| --- | ---: | ---: | ---: |");
        md.Line($"| VictoriaMetrics (planned limit and flags) | {Units.MiB(vm.Peak)} MiB | {Units.MiB(vm.Median)} MiB | 1.0× |");
        var ratio = vm.Peak > 0 ? ((double)baseline.Peak / vm.Peak).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "n/a";
        md.Line($"| Prometheus (default settings, no limit) | {Units.MiB(baseline.Peak)} MiB | {Units.MiB(baseline.Median)} MiB | {ratio} |");
        md.Line();
    }

    private static void Scrape(StringBuilder md, ReportData data)
    {
        ScrapeHealth vm = data.VictoriaMetrics, prometheus = data.Prometheus;
        md.Line($"## Scrape health (job `{data.Plan.Scrape.Job}`, every {Seconds(data.Plan.Scrape.Interval.TotalSeconds)})");
        md.Line();
        md.Line("| | VictoriaMetrics | Prometheus |");
        md.Line("| --- | ---: | ---: |");
        md.Line($"| Target health | {vm.TargetHealth} | {prometheus.TargetHealth} |");
        md.Line($"| `up`, last scrape | {Units.Value(vm.Up)} | {Units.Value(prometheus.Up)} |");
        md.Line($"| Scrapes stored | {Units.Value(vm.Scrapes)} | {Units.Value(prometheus.Scrapes)} |");
        md.Line($"| Samples ingested | {Units.Value(vm.SamplesIngested)} | {Units.Value(prometheus.SamplesIngested)} |");
        md.Line($"| Series stored for the job | {Units.Value(vm.Series)} | {Units.Value(prometheus.Series)} |");
        md.Line($"| Sensor series (`sensor_*`) | {Units.Value(vm.SensorSeries)} | {Units.Value(prometheus.SensorSeries)} |");
        md.Line($"| Last scrape error | {Cell(vm.LastError)} | {Cell(prometheus.LastError)} |");
        if (vm.QueryError is not null || prometheus.QueryError is not null)
        {
            md.Line($"| Query error | {Cell(vm.QueryError ?? "")} | {Cell(prometheus.QueryError ?? "")} |");
        }

        md.Line();
        md.Line("### `sensor_cpu_spike_seconds` as stored in VictoriaMetrics");
        md.Line();
        if (vm.SpikeBuckets.Count == 0)
        {
            md.Line("Not stored: VictoriaMetrics holds no `sensor_cpu_spike_seconds_bucket` series for the job.");
        }
        else
        {
            md.Line("| Spike length ≤ (s) | Spikes (cumulative) |");
            md.Line("| ---: | ---: |");
            foreach (var bucket in vm.SpikeBuckets)
            {
                md.Line($"| {bucket.UpperBound} | {Units.Value(bucket.Count)} |");
            }

            md.Line();
            md.Line($"{Units.Value(vm.SpikeCount)} spike(s), {Units.Value(vm.SpikeSum)} s above the threshold in total, as of the last scrape.");
        }

        md.Line();
    }

    private static void Load(StringBuilder md, IReadOnlyList<LoadResult> load)
    {
        md.Line("## Load (loopback only, bounded in time and rate)");
        md.Line();
        md.Line("| Load | Requests | Requests/s | Status codes | Transport errors |");
        md.Line("| --- | ---: | ---: | --- | ---: |");
        foreach (var result in LoadResult.Combine(load))
        {
            var codes = string.Join(", ", result.StatusCodes.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"));
            md.Line($"| {Cell(result.Description)} | {result.Requests} | {result.RequestsPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} | {codes} | {result.Errors} |");
        }

        md.Line();
    }

    private static void Settings(StringBuilder md, ReportData data)
    {
        md.Line("## Settings from `sensor-operator render`");
        md.Line();
        md.Line("Taken as rendered for the sample, except where the local run must differ (marked): listen addresses, the data path and scrape discovery become loopback equivalents.");
        md.Line();
        md.Line("| Component | Setting | Rendered | Local run |");
        md.Line("| --- | --- | --- | --- |");
        foreach (var setting in data.Plan.Settings)
        {
            var local = !setting.Adapted ? "same"
                : setting.Local.StartsWith("not run", StringComparison.Ordinal) ? Cell(setting.Local)
                : $"{Cell(setting.Local)} (adapted)";
            md.Line($"| {setting.Component} | `{Cell(setting.Name)}` | `{Cell(setting.Rendered)}` | {local} |");
        }

        foreach (var dropped in data.Plan.Scrape.Dropped)
        {
            md.Line($"| Scrape config | `{Cell(dropped)}` | present | dropped |");
        }

        md.Line();
    }

    private static string MeasurementText(RunRecord run) => run.Mode switch
    {
        "cgroup-v1" => "cgroup v1 working set (memory.usage_in_bytes − total_inactive_file, what metrics-server and docker stats report), once a second; the sensor, VictoriaMetrics (and vmalert when alerting is on) each in a memory cgroup limited to its planned limit, as the kubelet does; OOM kills from memory.oom_control" + Note(run),
        "cgroup-v2" => "cgroup v2 working set (memory.current − inactive_file, what metrics-server and docker stats report), once a second; the sensor and VictoriaMetrics each in a cgroup with memory.max at its planned limit, as the kubelet does; OOM kills from memory.events" + Note(run),
        _ => "resident set size (VmRSS), once a second: limits NOT enforced and OOM kills not counted, because no writable cgroup memory controller was available" + Note(run),
    };

    private static string Note(RunRecord run) => run.ModeNote.Length > 0 ? $" ({run.ModeNote})." : ".";

    private static string Headroom(long limit, long used) =>
        limit <= 0 ? "" : $"{Units.MiB(limit - used)} MiB ({Units.Percent((double)(limit - used) / limit)})";

    private static string Seconds(double seconds) =>
        seconds >= 60 && seconds % 60 == 0 ? $"{seconds / 60:0} min" : $"{seconds:0} s";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    internal static void Line(this StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
