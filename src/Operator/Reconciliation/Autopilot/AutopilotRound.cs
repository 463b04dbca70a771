using SensorOperator.Api;
using SensorOperator.Observation;
using SensorOperator.Planning;
using SensorOperator.Planning.Autopilot;

namespace SensorOperator.Reconciliation.Autopilot;

/// <summary>Everything one autopilot round works from; gathered by <see cref="AutopilotPhase"/>.</summary>
/// <param name="Plan">The static plan of the spec: floors, weights, replicas, the static split, explicit limits.</param>
/// <param name="Templates">The memory limit (per pod) each component's Deployment template carries now; absent when it has none yet.</param>
/// <param name="NewRestarts">Container restarts per component first seen in this observation (OOM kills included).</param>
public sealed record AutopilotRoundInput(
    StackPlan Plan,
    SensorStackStatus? Previous,
    StackObservation Observation,
    IReadOnlyDictionary<string, long> Templates,
    ResizeCapabilities Capabilities,
    IReadOnlyDictionary<string, int> NewRestarts,
    DateTimeOffset Now);

/// <summary>One component after a round.</summary>
/// <param name="Target">The limit per pod the autopilot gives it (status.components[].limit).</param>
/// <param name="Template">The limit its Deployment template is to carry (see <see cref="ResizeExecution"/>).</param>
/// <param name="InForce">The highest limit its pods run with; null without pods.</param>
/// <param name="Waiting">What its change waits for (a rollout, the kubelet), for status; null when settled.</param>
public sealed record ComponentOutcome(string Name, long Target, long Template, long? InForce, ComponentHistory History, string? Waiting);

/// <summary>What a round decided and what to write for it.</summary>
/// <param name="Resizes">In-place resizes to request through pods/resize, decreases before increases.</param>
public sealed record AutopilotOutcome(
    IReadOnlyList<ComponentOutcome> Components,
    AutopilotCondition Condition,
    IReadOnlyList<PodResize> Resizes)
{
    public ComponentOutcome this[string name] => Components.Single(c => c.Name == name);

    /// <summary>The template limits to build the Deployments with.</summary>
    public IReadOnlyDictionary<string, long> TemplateLimits => Components.ToDictionary(c => c.Name, c => c.Template);
}

/// <summary>One pods/resize request: the pod's container to <paramref name="To"/> bytes (request == limit).</summary>
public sealed record PodResize(string Component, string Pod, string Container, long To);

/// <summary>
/// One reconcile of the autopilot (pure): fold the observation into each component's history;
/// decide new targets when nothing is in flight (a change in flight is finished first: its pods do
/// not yet run with the targets in status); then work out the next writes toward the targets.
/// Targets and histories live in status, so a restarted operator resumes an unfinished change
/// instead of deciding a new one.
/// </summary>
public static class AutopilotRound
{
    public static AutopilotOutcome Run(AutopilotRoundInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = input.Plan;
        var settings = plan.Autopilot;
        var states = new List<(ComponentPlan Plan, ComponentHistory History, long PreviousTarget, long InForce, ComponentObservation? Seen)>();
        foreach (var component in plan.Components)
        {
            var seen = input.Observation.Components.FirstOrDefault(c => c.Name == component.Name);
            var before = input.Previous?.Components?.FirstOrDefault(c => c.Name == component.Name);
            var pods = seen?.Pods ?? [];
            var inForce = pods.Count == 0 ? 0 : pods.Max(p => p.InForce);
            var newOomKills = seen is null ? 0 : OomKillTotals.Next(before, seen.OomKillDetails).Total - (before?.OomKills ?? 0);
            var sample = new ComponentSample(
                input.Observation.MetricsAvailable ? seen?.PeakPodBytes : null,
                inForce,
                newOomKills,
                Math.Max(0, input.NewRestarts.GetValueOrDefault(component.Name) - newOomKills));
            var history = HistoryFolding.Fold(AutopilotStatusMapping.FromStatus(before), sample, input.Now, settings);
            states.Add((component, history, PreviousTarget(component, before), inForce, seen));
        }

        // Decide only from a settled state: every pod runs with its target. A budget the targets
        // no longer fit (the spec changed) is decided on at once.
        var settled = states.All(s => (s.Seen?.Pods ?? []).All(p => p.InForce == s.PreviousTarget && p.Desired == s.PreviousTarget));
        var overBudget = states.Sum(s => (decimal)s.PreviousTarget * s.Plan.Replicas) > plan.BudgetBytes;
        var targets = states.ToDictionary(s => s.Plan.Name, s => s.PreviousTarget);
        var histories = states.ToDictionary(s => s.Plan.Name, s => s.History);
        AutopilotCondition condition;
        if (settled || overBudget)
        {
            var decision = AutopilotPlanner.Decide(new AutopilotInput(
                plan.BudgetBytes,
                settings,
                [.. states.Select(s => new ComponentState(
                    s.Plan.Name, s.Plan.FloorBytes, s.Plan.Weight, s.Plan.Replicas, s.Plan.Explicit ? s.Plan.LimitBytes : null,
                    s.Plan.LimitBytes, s.InForce, input.Capabilities.ModeOf(s.Plan.Name), s.History))],
                input.Now,
                Conditions.Find(input.Previous?.Conditions, ConditionTypes.Autopilot)?.Reason));
            foreach (var component in decision.Components)
            {
                targets[component.Name] = component.Target;
                histories[component.Name] = component.History;
            }

            condition = decision.Condition;
        }
        else
        {
            condition = PreviousCondition(input.Previous);
        }

        var execution = ResizeExecution.Next(
            [.. states.Select(s => new ResizeExecution.Component(
                s.Plan.Name, targets[s.Plan.Name], input.Templates.TryGetValue(s.Plan.Name, out var t) ? t : null, s.Seen?.Pods ?? []))],
            input.Capabilities);
        foreach (var (name, kept) in execution.GivenUp)
        {
            targets[name] = kept;
        }

        return new AutopilotOutcome(
            [.. states.Select(s => new ComponentOutcome(
                s.Plan.Name,
                targets[s.Plan.Name],
                execution.Templates[s.Plan.Name],
                (s.Seen?.Pods ?? []).Count == 0 ? null : s.InForce,
                histories[s.Plan.Name],
                execution.Waiting.GetValueOrDefault(s.Plan.Name)))],
            condition,
            execution.Resizes);
    }

    /// <summary>
    /// The target in the last status, where the autopilot wrote one (it writes limitInForce beside
    /// it); else the static split: a stack that just turned the autopilot on starts from it.
    /// </summary>
    private static long PreviousTarget(ComponentPlan component, ComponentStatus? before) =>
        !component.Explicit && before is { Autopilot: not null, Limit: { } limit } && Quantities.TryParseBytes("limit", limit, out var bytes, out _)
            ? bytes
            : component.LimitBytes;

    private static AutopilotCondition PreviousCondition(SensorStackStatus? previous) =>
        Conditions.Find(previous?.Conditions, ConditionTypes.Autopilot) is { } c
            ? new AutopilotCondition(c.Status == Conditions.True, c.Reason, c.Message)
            : new AutopilotCondition(true, ConditionReasons.Balanced, "Applying the split");
}
