using k8s.Models;

namespace SensorOperator.Observation;

/// <summary>One pod of a component as the autopilot sees it.</summary>
/// <param name="InForce">
/// The memory limit its containers run with (summed over containers): the actual resources the
/// kubelet reports in status.containerStatuses[].resources where present (KEP-1287: the spec is
/// only the desired state), else the spec's.
/// </param>
/// <param name="Desired">The memory limit of its spec (what a resize asked for; equals InForce once actuated).</param>
/// <param name="ResizePending">The PodResizePending condition's reason (Deferred, Infeasible) and message; null when none.</param>
/// <param name="ResizeInProgress">The PodResizeInProgress condition is True.</param>
/// <param name="Restarts">Container restarts in its status (restartCount summed).</param>
public sealed record PodResources(
    string Name,
    string Container,
    long InForce,
    long Desired,
    (string Reason, string Message)? ResizePending,
    bool ResizeInProgress,
    int Restarts);

/// <summary>Reads <see cref="PodResources"/> from pod spec and status.</summary>
public static class PodResourceReader
{
    public const string ResizePendingCondition = "PodResizePending";
    public const string ResizeInProgressCondition = "PodResizeInProgress";

    public static PodResources Read(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var containers = pod.Spec?.Containers ?? [];
        var statuses = pod.Status?.ContainerStatuses ?? [];
        long inForce = 0;
        long desired = 0;
        foreach (var container in containers)
        {
            var spec = MemoryLimit(container.Resources) ?? 0;
            desired += spec;
            inForce += MemoryLimit(statuses.FirstOrDefault(s => s.Name == container.Name)?.Resources) ?? spec;
        }

        var conditions = pod.Status?.Conditions ?? [];
        var pending = conditions.FirstOrDefault(c => c.Type == ResizePendingCondition && c.Status == "True");
        return new PodResources(
            pod.Metadata?.Name ?? "",
            containers.FirstOrDefault()?.Name ?? "",
            inForce,
            desired,
            pending is null ? null : (pending.Reason ?? "", pending.Message ?? ""),
            conditions.Any(c => c.Type == ResizeInProgressCondition && c.Status == "True"),
            statuses.Sum(s => s.RestartCount));
    }

    private static long? MemoryLimit(V1ResourceRequirements? resources) =>
        resources?.Limits is { } limits && limits.TryGetValue("memory", out var memory) && memory is not null ? memory.ToInt64() : null;
}
