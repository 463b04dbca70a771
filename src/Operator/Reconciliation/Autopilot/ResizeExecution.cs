using SensorOperator.Api;
using SensorOperator.Observation;

namespace SensorOperator.Reconciliation.Autopilot;

/// <summary>
/// The next writes from the limits pods run with to the targets (pure). Σ limit x replicas stays
/// within the budget after every single write because:
/// <list type="bullet">
/// <item>decreases come first and are confirmed (every pod runs with the lower limit) before any
/// increase is written;</item>
/// <item>a Deployment template never carries more than its component's target once increases begin:
/// growth is in place (pods/resize) and the template keeps the lower value it had, so a pod that
/// restarts comes back at or below its share and is resized up in place (on a cluster without
/// pods/resize the template is the only way, and it is raised only after the decreases);</item>
/// <item>a decrease goes in place only where the cluster allows it (1.34) and the template already
/// carries no more than the target (a Go runtime then started at or below it, so it is safe to
/// lower in place); otherwise its template is lowered, which rolls its pods (a restart), one
/// component at a time.</item>
/// </list>
/// </summary>
public static class ResizeExecution
{
    /// <summary>One component: its target, its template's limit (null: no Deployment yet) and its pods.</summary>
    public sealed record Component(string Name, long Target, long? Template, IReadOnlyList<PodResources> Pods);

    /// <param name="GivenUp">Components whose growth the kubelet found infeasible: kept at this limit (their target falls back to it).</param>
    public sealed record Writes(
        IReadOnlyDictionary<string, long> Templates,
        IReadOnlyList<PodResize> Resizes,
        IReadOnlyDictionary<string, string> Waiting,
        IReadOnlyDictionary<string, long> GivenUp);

    public static Writes Next(IReadOnlyList<Component> components, ResizeCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(capabilities);
        var templates = components.ToDictionary(c => c.Name, c => c.Template ?? c.Target);
        var resizes = new List<PodResize>();
        var waiting = new Dictionary<string, string>();
        var givenUp = new Dictionary<string, long>();

        // Pods count with the higher of what they run with and what they asked for: a resize the
        // kubelet has not actuated yet may still be.
        var decreasing = components.Where(c => c.Pods.Any(p => Math.Max(p.InForce, p.Desired) > c.Target)).ToList();
        if (decreasing.Count > 0)
        {
            // One restart at a time: a template already lowered means that rollout is under way.
            var rolling = decreasing.Any(c => !InPlaceDecrease(c, capabilities) && c.Template == c.Target);
            foreach (var component in decreasing)
            {
                if (InPlaceDecrease(component, capabilities))
                {
                    resizes.AddRange(ResizesOf(component));
                    waiting[component.Name] = WaitingText(component, "in place");
                }
                else if (!rolling || component.Template == component.Target)
                {
                    templates[component.Name] = component.Target;
                    rolling = true;
                    waiting[component.Name] = $"rolling out its pods at {Quantities.Format(component.Target)}";
                }
                else
                {
                    waiting[component.Name] = "waiting for another component's restart";
                }
            }

            foreach (var other in components.Except(decreasing).Where(c => c.Pods.Any(p => p.InForce < c.Target)))
            {
                waiting[other.Name] = $"grows to {Quantities.Format(other.Target)} once the decreases are confirmed";
            }

            return new Writes(templates, resizes, waiting, givenUp);
        }

        foreach (var component in components)
        {
            if (!capabilities.ServesPodResize)
            {
                // Without pods/resize the template is the only way, now that every decrease is done.
                templates[component.Name] = component.Target;
                if (component.Pods.Any(p => p.InForce != component.Target))
                {
                    waiting[component.Name] = $"rolling out its pods at {Quantities.Format(component.Target)}";
                }

                continue;
            }

            templates[component.Name] = Math.Min(templates[component.Name], component.Target);
            if (component.Pods.FirstOrDefault(p => p.ResizePending is { Reason: "Infeasible" } && p.InForce < component.Target) is { } refused)
            {
                // The node will never fit it (KEP-1287: an infeasible resize is not retried): ask for
                // what the pods run with again and keep that; the decision may try again after its cooldown.
                var kept = component.Pods.Max(p => p.InForce);
                resizes.AddRange(ResizesOf(component with { Target = kept }));
                givenUp[component.Name] = kept;
                waiting[component.Name] = $"growth to {Quantities.Format(component.Target)} infeasible on the node ({refused.ResizePending!.Value.Message}); kept at {Quantities.Format(kept)}";
                continue;
            }

            if (component.Pods.Any(p => p.InForce < component.Target || p.Desired < component.Target))
            {
                resizes.AddRange(ResizesOf(component));
                waiting[component.Name] = WaitingText(component, "in place");
            }
        }

        return new Writes(templates, resizes, waiting, givenUp);
    }

    private static bool InPlaceDecrease(Component component, ResizeCapabilities capabilities) =>
        capabilities.LowersMemoryInPlace && component.Template is { } template && template <= component.Target;

    /// <summary>The pods that have not asked for the target yet (the others wait for the kubelet).</summary>
    private static IEnumerable<PodResize> ResizesOf(Component component) =>
        component.Pods.Where(p => p.Desired != component.Target).Select(p => new PodResize(component.Name, p.Name, p.Container, component.Target));

    private static string WaitingText(Component component, string how)
    {
        var pending = component.Pods.FirstOrDefault(p => p.ResizePending is not null)?.ResizePending;
        return pending is { } p
            ? $"resize to {Quantities.Format(component.Target)} {p.Reason.ToLowerInvariant()} by the kubelet: {p.Message}"
            : $"resizing {how} to {Quantities.Format(component.Target)}";
    }
}
