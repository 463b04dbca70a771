namespace SensorOperator.Planning;

/// <summary>Component names as they appear in spec fields and status.components[].name.</summary>
public static class ComponentNames
{
    public const string Sensor = "sensor";
    public const string VictoriaMetrics = "victoriaMetrics";
    public const string Grafana = "grafana";
    public const string Alerting = "alerting";
}
