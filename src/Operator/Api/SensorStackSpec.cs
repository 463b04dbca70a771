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
