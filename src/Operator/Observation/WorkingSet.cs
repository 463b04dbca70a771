using k8s.Models;

namespace SensorOperator.Observation;

/// <summary>Memory use from metrics.k8s.io: the working set, what the kernel's OOM decision counts.</summary>
public static class WorkingSet
{
    /// <summary>Sum of the memory usage of every container of the named pods.</summary>
    public static long Sum(PodMetricsList metrics, IEnumerable<string> podNames) => PerPod(metrics, podNames).Sum();

    /// <summary>The highest per-pod working set (its containers summed) of the named pods; null when none has metrics.</summary>
    public static long? PeakPod(PodMetricsList metrics, IEnumerable<string> podNames)
    {
        long? peak = null;
        foreach (var bytes in PerPod(metrics, podNames))
        {
            peak = Math.Max(peak ?? 0, bytes);
        }

        return peak;
    }

    private static IEnumerable<long> PerPod(PodMetricsList metrics, IEnumerable<string> podNames)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var names = podNames.ToHashSet(StringComparer.Ordinal);
        foreach (var pod in metrics.Items ?? [])
        {
            if (pod.Metadata?.Name is not { } name || !names.Contains(name))
            {
                continue;
            }

            long total = 0;
            foreach (var container in pod.Containers ?? [])
            {
                if (container.Usage is { } usage && usage.TryGetValue("memory", out var memory) && memory is not null)
                {
                    total += memory.ToInt64();
                }
            }

            yield return total;
        }
    }
}
