namespace ControllerMachinery;

/// <summary>What an informer lists and watches, and how it paces itself.</summary>
public sealed record InformerOptions
{
    /// <summary>Empty: every namespace.</summary>
    public string Namespace { get; init; } = "";

    /// <summary>A label selector applied to list and watch (e.g. app.kubernetes.io/managed-by=sensor-operator).</summary>
    public string? LabelSelector { get; init; }

    /// <summary>
    /// Server-side watch timeout. Finite so that a silently dead connection (a proxy that dropped it
    /// without a FIN) is noticed; the API server adds its own jitter. Randomised per watch below.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Page size of the initial list (and of relists).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Backoff after list or watch errors: 200 ms doubling to 30 s, 50% jitter.</summary>
    public Backoff ErrorBackoff { get; init; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), jitter: 0.5);
}
