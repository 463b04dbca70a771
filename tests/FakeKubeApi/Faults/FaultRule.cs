namespace SensorStack.FakeKubeApi.Faults;

/// <summary>
/// One kind of fault: for requests that match <see cref="Verbs"/> and <see cref="Resource"/>, with
/// probability <see cref="Rate"/>, wait <see cref="Delay"/> and then fail with
/// <see cref="StatusCode"/> (0 = delay only, the request then proceeds).
/// </summary>
public sealed class FaultRule
{
    private int applied;

    /// <summary>Comma-separated Kubernetes verbs (get, list, watch, create, update, patch, delete,
    /// deletecollection); null matches every verb.</summary>
    public string? Verbs { get; init; }

    /// <summary><c>deployments.apps</c>, <c>pods</c>, <c>sensorstacks.sensorstack.io/status</c>. A
    /// resource also matches its subresources; null matches every resource.</summary>
    public string? Resource { get; init; }

    /// <summary>409, 429, 500, 503, ...; 0 for a delay without an error.</summary>
    public int StatusCode { get; init; }

    /// <summary>Probability that a matching request is hit, from 0 to 1.</summary>
    public double Rate { get; init; } = 1;

    /// <summary>Hit at most this many requests; null for no limit.</summary>
    public int? Limit { get; init; }

    public TimeSpan Delay { get; init; }

    /// <summary>Sent as <c>Retry-After</c> with 429 and 503.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many requests this rule has hit.</summary>
    public int Applied => Volatile.Read(ref applied);

    internal bool Exhausted => Limit is { } limit && Applied >= limit;

    internal bool Matches(string verb, string resource) =>
        (Verbs is null || Verbs.Split(',', StringSplitOptions.TrimEntries).Contains(verb))
        && (Resource is null || resource == Resource || resource.StartsWith(Resource + "/", StringComparison.Ordinal));

    internal void CountHit() => Interlocked.Increment(ref applied);
}
