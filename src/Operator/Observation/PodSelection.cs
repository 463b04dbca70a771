using k8s.Models;

namespace SensorOperator.Observation;

/// <summary>Which pods belong to a component: those carrying all of its selector labels.</summary>
public static class PodSelection
{
    public static IReadOnlyList<V1Pod> Matching(IEnumerable<V1Pod> pods, IReadOnlyDictionary<string, string> selector)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(selector);
        return [.. pods.Where(p => p.Metadata?.DeletionTimestamp is null && selector.All(kv =>
            p.Metadata?.Labels is { } labels && labels.TryGetValue(kv.Key, out var value) && value == kv.Value))];
    }
}
