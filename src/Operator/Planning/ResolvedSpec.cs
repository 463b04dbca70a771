namespace SensorOperator.Planning;

/// <summary>A SensorStack's spec with every default applied and every string parsed.</summary>
internal sealed record ResolvedSpec
{
    public required string StackName { get; init; }
    public required string Namespace { get; init; }
    public required string? Uid { get; init; }
    public required long BudgetBytes { get; init; }
    public required TimeSpan ScrapeInterval { get; init; }
    public required string SensorImage { get; init; }
    public required long? SensorLimit { get; init; }
    public required int SensorReplicas { get; init; }
    public required string VictoriaMetricsImage { get; init; }
    public required long? VictoriaMetricsLimit { get; init; }
    public required string Retention { get; init; }
    public required bool GrafanaEnabled { get; init; }
    public required string GrafanaImage { get; init; }
    public required long? GrafanaLimit { get; init; }

    /// <summary>vmalert and its rules; <see cref="ResolvedAlerting.Enabled"/> false when off.</summary>
    public required ResolvedAlerting Alerting { get; init; }

    /// <summary>spec.autopilot; <see cref="Autopilot.AutopilotSettings.Enabled"/> false when off.</summary>
    public required Autopilot.AutopilotSettings Autopilot { get; init; }
}

/// <summary>spec.alerting with its defaults applied.</summary>
internal sealed record ResolvedAlerting
{
    public required bool Enabled { get; init; }

    /// <summary>The Alertmanager to notify; null means evaluate and record only.</summary>
    public required string? NotifierUrl { get; init; }
    public required string Image { get; init; }
    public required long? Limit { get; init; }
    public required int CpuPercent { get; init; }
    public required double IngestQueueRatio { get; init; }
    public required int MemoryPercent { get; init; }
    public required TimeSpan For { get; init; }
    public required TimeSpan ScrapeDownFor { get; init; }
}
