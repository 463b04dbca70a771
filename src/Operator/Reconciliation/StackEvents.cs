using SensorOperator.Api;
using SensorOperator.Observation;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>Which occurrences are active for a stack, as events (pure; de-duplication is separate).</summary>
public static class StackEvents
{
    public static IReadOnlyList<StackEvent> Active(long? generation, PlanResult plan, SensorStackStatus status, StackObservation? observation)
    {
        ArgumentNullException.ThrowIfNull(status);
        var events = new List<StackEvent>();
        if (plan is InfeasiblePlan infeasible)
        {
            events.Add(new StackEvent(StackEvent.Warning, infeasible.Reason, infeasible.Message, $"plan/{infeasible.Reason}/{generation}"));
        }

        if (Conditions.Find(status.Conditions, ConditionTypes.WithinBudget) is { Reason: ConditionReasons.OverBudget } over)
        {
            events.Add(new StackEvent(StackEvent.Warning, ConditionReasons.OverBudget, over.Message, "overbudget"));
        }

        foreach (var component in observation?.Components ?? [])
        {
            foreach (var kill in component.OomKillDetails)
            {
                events.Add(new StackEvent(
                    StackEvent.Warning,
                    PodHealth.OomKilledReason,
                    $"Container {kill.Container} of pod {kill.Pod} ({component.Name}) was OOM-killed; it has restarted {kill.RestartCount} times",
                    $"oom/{kill.Id}"));
            }
        }

        // One Event per autopilot change, with the decision's message (status keeps the last one).
        foreach (var component in status.Components ?? [])
        {
            if (component.LastResize is { At: { } at, Message: { Length: > 0 } message })
            {
                events.Add(new StackEvent(StackEvent.Normal, Autopilot.AutopilotStatus.ResizedReason, message, Autopilot.AutopilotStatus.EventKey(component.Name, at)));
            }
        }

        return events;
    }

    /// <summary>
    /// After an operator restart nothing is remembered; what the persisted status already shows
    /// (same plan failure for this generation, an over-budget episode, as many OOM kills) was
    /// reported by the previous instance and is not reported again.
    /// </summary>
    public static IReadOnlySet<string> ReportedBefore(SensorStackStatus? previous, IReadOnlyList<StackEvent> active, StackObservation? observation)
    {
        var reported = new HashSet<string>();
        if (previous is null)
        {
            return reported;
        }

        if (Conditions.Find(previous.Conditions, ConditionTypes.BudgetAllocated) is { Status: Conditions.False } failed)
        {
            reported.UnionWith(active.Where(e => e.Key == $"plan/{failed.Reason}/{previous.ObservedGeneration}").Select(e => e.Key));
        }

        if (Conditions.Find(previous.Conditions, ConditionTypes.WithinBudget) is { Reason: ConditionReasons.OverBudget })
        {
            reported.Add("overbudget");
        }

        foreach (var component in previous.Components ?? [])
        {
            if (component.LastResize is { At: { } at })
            {
                reported.Add(Autopilot.AutopilotStatus.EventKey(component.Name, at));
            }
        }

        foreach (var component in observation?.Components ?? [])
        {
            var before = previous.Components?.FirstOrDefault(c => c.Name == component.Name);
            reported.UnionWith(OomKillTotals.AlreadyCounted(before, component.OomKillDetails).Select(id => $"oom/{id}"));
        }

        return reported;
    }
}
