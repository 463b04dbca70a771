namespace SensorOperator.Planning;

/// <summary>What the planner uses where a SensorStack leaves a choice open (images).</summary>
public sealed record PlannerDefaults
{
    public const string DefaultSensorImage = "ghcr.io/sensorstack/sensor-service:0.1.0";
    public const string DefaultVictoriaMetricsImage = "victoriametrics/victoria-metrics:v1.106.1";
    public const string DefaultGrafanaImage = "grafana/grafana:11.3.1";

    /// <summary>The same release as the VictoriaMetrics default, so the rules' query language matches.</summary>
    public const string DefaultVmAlertImage = "victoriametrics/vmalert:v1.106.1";

    public static PlannerDefaults Default { get; } = new();

    public string SensorImage { get; init; } = DefaultSensorImage;

    public string VictoriaMetricsImage { get; init; } = DefaultVictoriaMetricsImage;

    public string GrafanaImage { get; init; } = DefaultGrafanaImage;

    public string VmAlertImage { get; init; } = DefaultVmAlertImage;
}
