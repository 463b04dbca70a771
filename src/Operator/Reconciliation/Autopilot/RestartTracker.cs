using SensorOperator.Observation;

namespace SensorOperator.Reconciliation.Autopilot;

/// <summary>
/// Container restarts first seen per component: the growth of each pod's restartCount since the
/// last observation of that pod. Kept in memory: a pod seen for the first time (a new pod, or any
/// pod after an operator restart) counts nothing, so a restarted operator sees no burst of
/// restarts to answer. Restarts that happen while no operator runs are not counted.
/// </summary>
public sealed class RestartTracker
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, int>> seen = [];

    public IReadOnlyDictionary<string, int> NewRestarts(string stackUid, StackObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        lock (gate)
        {
            var before = seen.GetValueOrDefault(stackUid) ?? [];
            var now = new Dictionary<string, int>();
            var result = new Dictionary<string, int>();
            foreach (var component in observation.Components)
            {
                var count = 0;
                foreach (var pod in component.Pods)
                {
                    now[pod.Name] = pod.Restarts;
                    count += before.TryGetValue(pod.Name, out var last) ? Math.Max(0, pod.Restarts - last) : 0;
                }

                result[component.Name] = count;
            }

            seen[stackUid] = now;
            return result;
        }
    }

    /// <summary>A deleted stack's pods are forgotten.</summary>
    public void Forget(string stackUid)
    {
        lock (gate)
        {
            seen.Remove(stackUid);
        }
    }
}
