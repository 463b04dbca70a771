using System.Collections.Concurrent;

namespace SensorStack.FakeKubeApi;

/// <summary>One counted request: Kubernetes verb, resource (<c>deployments.apps</c>,
/// <c>sensorstacks.sensorstack.io/status</c>, <c>discovery</c>) and the HTTP status answered.</summary>
public readonly record struct RequestKey(string Verb, string Resource, int StatusCode);

/// <summary>
/// Counts every request the fake server answers, injected faults included. A request is counted
/// when its response ends, so an open watch is counted when it closes.
/// </summary>
public sealed class RequestCounters
{
    private static readonly HashSet<string> WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];
    private readonly ConcurrentDictionary<RequestKey, long> counts = new();

    public void Record(string verb, string resource, int statusCode) =>
        counts.AddOrUpdate(new RequestKey(verb, resource, statusCode), 1, (_, n) => n + 1);

    /// <summary>Requests matching every given filter; <paramref name="resource"/> also matches its subresources.</summary>
    public long Count(string? verb = null, string? resource = null, int? statusCode = null) =>
        counts.Where(p =>
                (verb is null || p.Key.Verb == verb)
                && (resource is null || p.Key.Resource == resource || p.Key.Resource.StartsWith(resource + "/", StringComparison.Ordinal))
                && (statusCode is null || p.Key.StatusCode == statusCode))
            .Sum(p => p.Value);

    /// <summary>Create, update, patch and delete requests (whatever their outcome).</summary>
    public long Writes(string? resource = null) => WriteVerbs.Sum(v => Count(v, resource));

    public long Total => counts.Values.Sum();

    public IReadOnlyDictionary<RequestKey, long> Snapshot() => new Dictionary<RequestKey, long>(counts);

    public void Reset() => counts.Clear();
}
