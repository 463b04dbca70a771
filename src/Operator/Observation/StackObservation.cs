namespace SensorOperator.Observation;

/// <summary>The observed state of one stack's components at one moment.</summary>
public sealed record StackObservation
{
    /// <summary>False when the metrics.k8s.io API is absent or failed; usage is then unknown.</summary>
    public required bool MetricsAvailable { get; init; }

    /// <summary>Why metrics are unavailable (for the condition message).</summary>
    public string? MetricsError { get; init; }

    public required IReadOnlyList<ComponentObservation> Components { get; init; }

    /// <summary>Sum of every component's working set; null when metrics are unavailable.</summary>
    public long? UsedBytes => MetricsAvailable ? Components.Sum(c => c.UsedBytes ?? 0) : null;
}
