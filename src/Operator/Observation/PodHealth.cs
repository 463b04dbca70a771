using k8s.Models;

namespace SensorOperator.Observation;

/// <summary>OOM kills as pod status reports them (there is no other record of them).</summary>
public static class PodHealth
{
    public const string OomKilledReason = "OOMKilled";

    /// <summary>
    /// Every container whose current or last termination was OOMKilled. A container that was
    /// OOM-killed and restarted shows it in lastState; one that is still down shows it in state.
    /// </summary>
    public static IReadOnlyList<OomKill> OomKills(IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var kills = new List<OomKill>();
        foreach (var pod in pods)
        {
            foreach (var container in pod.Status?.ContainerStatuses ?? [])
            {
                var terminated = container.State?.Terminated is { Reason: OomKilledReason } current
                    ? current
                    : container.LastState?.Terminated is { Reason: OomKilledReason } last ? last : null;
                if (terminated is null)
                {
                    continue;
                }

                var id = $"{pod.Metadata?.Uid ?? pod.Metadata?.Name}/{container.Name}/{terminated.ContainerID ?? terminated.FinishedAt?.ToString("O") ?? container.RestartCount.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                kills.Add(new OomKill(pod.Metadata?.Name ?? "", container.Name, container.RestartCount, terminated.FinishedAt, id));
            }
        }

        return kills;
    }
}
