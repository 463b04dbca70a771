namespace SensorOperator.Api;

/// <summary>
/// What the user asks for. Quantities and durations are kept as the strings the user wrote: the
/// planner parses them and reports a bad one through status (naming the field) instead of failing
/// to deserialize the whole object, which would stall the watch.
/// </summary>
public sealed class SensorStackSpec
{
    /// <summary>Required. The sum of every container's memory limit x replicas must fit (a quantity, e.g. 300Mi).</summary>
    public string MemoryBudget { get; set; } = "";

    /// <summary>How often VictoriaMetrics scrapes the sensor (Go duration, default 30s, at least 10s).</summary>
    public string? ScrapeInterval { get; set; }

    public SensorSpec? Sensor { get; set; }

    public VictoriaMetricsSpec? VictoriaMetrics { get; set; }

    public GrafanaSpec? Grafana { get; set; }

    public AlertingSpec? Alerting { get; set; }

    public AutopilotSpec? Autopilot { get; set; }
}

/// <summary>The sensor HTTP service.</summary>
public sealed class SensorSpec
{
    /// <summary>Container image; the operator's default when empty.</summary>
    public string? Image { get; set; }

    /// <summary>Memory limit per replica (quantity); planned from the budget when empty.</summary>
    public string? MemoryLimit { get; set; }

    /// <summary>Number of sensor pods (default 1); each gets the full limit.</summary>
    public int? Replicas { get; set; }
}

/// <summary>Single-node VictoriaMetrics that scrapes the sensor.</summary>
public sealed class VictoriaMetricsSpec
{
    public string? Image { get; set; }

    public string? MemoryLimit { get; set; }

    /// <summary>How long samples are kept, in VictoriaMetrics' -retentionPeriod form (e.g. 1d, 2w; default 1d).</summary>
    public string? Retention { get; set; }
}

/// <summary>Optional Grafana with a provisioned datasource and dashboard.</summary>
public sealed class GrafanaSpec
{
    /// <summary>Default false.</summary>
    public bool? Enabled { get; set; }

    public string? Image { get; set; }

    public string? MemoryLimit { get; set; }
}

/// <summary>
/// Optional vmalert evaluating the stack's alert rules against its VictoriaMetrics. Thresholds and
/// durations are kept as the user wrote them; the planner checks them like every other field.
/// </summary>
public sealed class AlertingSpec
{
    /// <summary>Default false.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Alertmanager base URL (http or https). Without one alerts are evaluated and recorded, not sent.</summary>
    public string? NotifierUrl { get; set; }

    public string? Image { get; set; }

    public string? MemoryLimit { get; set; }

    /// <summary>SensorCpuHigh fires above this percent of the sensor's CPU limit (default 80).</summary>
    public int? CpuPercent { get; set; }

    /// <summary>SensorIngestQueueHigh fires when batches in flight reach this fraction of the sensor's maximum (default 0.8).</summary>
    public double? IngestQueueRatio { get; set; }

    /// <summary>The memory alerts fire above this percent of a container's limit (default 90).</summary>
    public int? MemoryPercent { get; set; }

    /// <summary>How long a CPU, queue, shedding or memory condition must hold before its alert fires (Go duration, default 5m).</summary>
    public string? For { get; set; }

    /// <summary>How long the sensor must be unscrapeable before SensorScrapeDown fires (Go duration, default 2m).</summary>
    public string? ScrapeDownFor { get; set; }
}

/// <summary>
/// Optional budget autopilot: moves memory inside the fixed budget to the components that use it,
/// from observed peaks and OOM kills. Quantities and durations are kept as written, like every other field.
/// </summary>
public sealed class AutopilotSpec
{
    /// <summary>Default false: the static floor-and-weight split.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Headroom above the observed peak, in percent (default 15, 0 to 100).</summary>
    public int? HeadroomPercent { get; set; }

    /// <summary>The smallest change worth a resize, and the least headroom above a peak (quantity, default 8Mi).</summary>
    public string? MinChange { get; set; }

    /// <summary>How long to wait after a change before the next one (Go duration, default 30m).</summary>
    public string? Cooldown { get; set; }

    /// <summary>How long a peak holds a limit up before the component may shrink (Go duration, default 6h).</summary>
    public string? ShrinkAfter { get; set; }
}
