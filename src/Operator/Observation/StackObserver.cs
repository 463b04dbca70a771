using k8s.Models;

namespace SensorOperator.Observation;

/// <summary>One component to observe: its name, pod selector and Deployment.</summary>
public sealed record ObservedComponent(string Name, IReadOnlyDictionary<string, string> PodSelector, V1Deployment? Deployment);

/// <summary>
/// Combines pod status (OOM kills, restarts), Deployment status (ready replicas) and PodMetrics
/// (working set) into a <see cref="StackObservation"/>. Pure: the caller fetches the inputs.
/// </summary>
public static class StackObserver
{
    public static StackObservation Observe(
        IReadOnlyList<ObservedComponent> components,
        IReadOnlyList<V1Pod> pods,
        PodMetricsList? metrics,
        string? metricsError)
    {
        ArgumentNullException.ThrowIfNull(components);
        var observed = components.Select(component =>
        {
            var own = PodSelection.Matching(pods, component.PodSelector);
            var kills = PodHealth.OomKills(own);
            return new ComponentObservation
            {
                Name = component.Name,
                UsedBytes = metrics is null ? null : WorkingSet.Sum(metrics, own.Select(p => p.Metadata?.Name ?? "")),
                ReadyReplicas = component.Deployment?.Status?.ReadyReplicas ?? 0,
                OomKills = kills.Count,
                OomKillDetails = kills,
                PeakPodBytes = metrics is null ? null : WorkingSet.PeakPod(metrics, own.Select(p => p.Metadata?.Name ?? "")),
                Pods = [.. own.Select(PodResourceReader.Read)],
            };
        }).ToList();

        return new StackObservation
        {
            MetricsAvailable = metrics is not null,
            MetricsError = metrics is null ? metricsError ?? "no pod metrics" : null,
            Components = observed,
        };
    }
}
