using ControllerMachinery;
using SensorOperator.Api;
using SensorOperator.Observation;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation.Autopilot;

/// <summary>What the autopilot decided in one reconcile, and the plan to apply for it.</summary>
/// <param name="Plan">The spec's plan with the Deployments built at the template limits of <paramref name="Outcome"/>.</param>
public sealed record AutopilotResult(AutopilotOutcome Outcome, StackPlan Plan, StackObservation Observation);

/// <summary>
/// The autopilot's part of a reconcile (spec.autopilot.enabled): observe, run the pure round,
/// rebuild the plan's Deployments at its template limits; after the children are applied,
/// request its in-place resizes.
/// </summary>
public sealed class AutopilotPhase(
    StackCaches caches,
    ComponentObserver observer,
    ClusterCapabilities capabilities,
    RestartTracker restarts,
    PodResizer resizer,
    PlannerDefaults defaults)
{
    /// <param name="now">The reconcile's time, in whole seconds (what status times keep).</param>
    public async Task<AutopilotResult> DecideAsync(V1Alpha1SensorStack stack, StackPlan plan, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(plan);
        var key = ObjectKey.Of(stack);
        var observation = await observer.ObserveAsync(key, plan, cancellationToken);
        var outcome = AutopilotRound.Run(new AutopilotRoundInput(
            plan,
            stack.Status,
            observation,
            TemplateLimits(key, plan),
            await capabilities.GetAsync(cancellationToken),
            restarts.NewRestarts(stack.Metadata?.Uid ?? key.ToString(), observation),
            new DateTimeOffset(now, TimeSpan.Zero)));

        // The same spec plans the same split; only the Deployments' limits differ.
        var withTemplates = StackPlanner.Plan(stack, defaults, outcome.TemplateLimits) is FeasiblePlan { Plan: var p } ? p : plan;
        return new AutopilotResult(outcome, withTemplates, observation);
    }

    /// <summary>Requests the round's in-place resizes; returns the failures, described.</summary>
    public Task<IReadOnlyList<string>> ResizeInPlaceAsync(V1Alpha1SensorStack stack, AutopilotResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(result);
        return resizer.ResizeAsync(stack.Metadata?.NamespaceProperty ?? "", result.Outcome.Resizes, cancellationToken);
    }

    /// <summary>The memory limit each component's Deployment template carries now (from the cache).</summary>
    private Dictionary<string, long> TemplateLimits(ObjectKey stack, StackPlan plan)
    {
        var limits = new Dictionary<string, long>();
        foreach (var component in plan.Components)
        {
            var containers = caches.Deployments.Cache.Get(stack.Namespace, component.DeploymentName)?.Spec?.Template?.Spec?.Containers;
            if (containers is { Count: > 0 })
            {
                limits[component.Name] = containers.Sum(c =>
                    c.Resources?.Limits is { } l && l.TryGetValue("memory", out var memory) && memory is not null ? memory.ToInt64() : 0);
            }
        }

        return limits;
    }
}
