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
}
