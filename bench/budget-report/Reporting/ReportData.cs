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
    IReadOnlyList<LoadResult> Load)
{
    /// <summary>The components that count against the budget (the baseline does not).</summary>
    public static readonly IReadOnlyList<string> StackComponents = ["sensor", "victoria-metrics"];

    public Summary Sensor => Samples.Of("sensor");

    public Summary Vm => Samples.Of("victoria-metrics");

    public Summary Baseline => Samples.Of("prometheus");

    /// <summary>Peak and median of the per-second sum of the stack's components.</summary>
    public Summary Stack => Samples.OfSum(StackComponents);

    /// <summary>Grafana, when the sample enables it, is not run; it counts at its limit (x replicas).</summary>
    public long GrafanaAtLimit => Plan.Grafana is { } grafana ? grafana.MemoryLimitBytes * grafana.Replicas : 0;

    /// <summary>What the whole stack's peak would be: the measured components' peak plus Grafana at its limit.</summary>
    public long TotalPeak => Stack.Peak + GrafanaAtLimit;

    public long LimitOf(string component) => component switch
    {
        "sensor" => Plan.Sensor.MemoryLimitBytes,
        "victoria-metrics" => Plan.VictoriaMetrics.MemoryLimitBytes,
        _ => 0,
    };
}
