using SensorStack.BudgetReport.Measuring;
using SensorStack.BudgetReport.Planning;
using SensorStack.BudgetReport.Querying;

namespace SensorStack.BudgetReport.Reporting;

/// <summary>Everything one run produced, as the report presents it.</summary>
internal sealed record ReportData(
    LocalRunPlan Plan,
    RunRecord Run,
    MemorySamples Samples,
    ScrapeHealth VictoriaMetrics,
    ScrapeHealth Prometheus,
    IReadOnlyList<LoadResult> Load,
    AutopilotRecord? Autopilot = null)
{
    /// <summary>Sensor and VictoriaMetrics: the pair the memory target is about.</summary>
    public static readonly IReadOnlyList<string> StackComponents = ["sensor", "victoria-metrics"];

    /// <summary>Every component run and measured against the budget (the baseline is not): the pair, and vmalert when the sample enables alerting.</summary>
    public IReadOnlyList<string> Measured => Plan.VmAlert is null ? StackComponents : [.. StackComponents, "vmalert"];

    /// <summary>vmalert's samples; empty when alerting is off.</summary>
    public Summary VmAlert => Plan.VmAlert is null ? Summary.Of([]) : Samples.Of("vmalert");

    /// <summary>Peak and median of the per-second sum of every measured component.</summary>
    public Summary MeasuredSum => Samples.OfSum(Measured);

    public Summary Sensor => Samples.Of("sensor");

    public Summary Vm => Samples.Of("victoria-metrics");

    public Summary Baseline => Samples.Of("prometheus");

    /// <summary>Peak and median of the per-second sum of the stack's components.</summary>
    public Summary Stack => Samples.OfSum(StackComponents);

    /// <summary>Grafana, when the sample enables it, is not run; it counts at its limit (x replicas).</summary>
    public long GrafanaAtLimit => Plan.Grafana is { } grafana ? grafana.MemoryLimitBytes * grafana.Replicas : 0;

    /// <summary>What the whole stack's peak would be: the measured components' peak plus Grafana at its limit.</summary>
    public long TotalPeak => MeasuredSum.Peak + GrafanaAtLimit;

    /// <summary>The planned limit; with the autopilot on, the highest limit it had in force during the run.</summary>
    public long LimitOf(string component)
    {
        var planned = PlannedLimitOf(component);
        return Autopilot is { Ticks.Count: > 0 } record
            ? Math.Max(planned, record.Ticks.Max(t => t.Limits.GetValueOrDefault(component)))
            : planned;
    }

    /// <summary>The limit the static split gives (what the run starts with).</summary>
    public long PlannedLimitOf(string component) => component switch
    {
        "sensor" => Plan.Sensor.MemoryLimitBytes,
        "victoria-metrics" => Plan.VictoriaMetrics.MemoryLimitBytes,
        "vmalert" => Plan.VmAlert?.Process.MemoryLimitBytes ?? 0,
        _ => 0,
    };
}
