using SensorOperator.Api;
using SensorOperator.Planning;
using SensorOperator.Planning.Autopilot;

namespace SensorOperator.Reconciliation.Autopilot;

/// <summary>What status says under the autopilot (pure).</summary>
public static class AutopilotStatus
{
    /// <summary>The Event reason of a limit change (one Event per change, with the decision's message).</summary>
    public const string ResizedReason = "Resized";

    /// <summary>
    /// The plan as status describes it: each component's limit is its autopilot target, and
    /// allocated their sum x replicas (the static split stays what the Deployments are built from
    /// where the template lags behind a target; see <see cref="ResizeExecution"/>).
    /// </summary>
    public static StackPlan WithTargets(StackPlan plan, AutopilotOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outcome);
        var components = plan.Components.Select(c => c with { LimitBytes = outcome[c.Name].Target }).ToList();
        return plan with { Components = components, AllocatedBytes = components.Sum(c => c.TotalBytes) };
    }

    /// <summary>Adds the autopilot's fields to the components and its condition to <paramref name="status"/>.</summary>
    public static void Apply(SensorStackStatus status, AutopilotOutcome outcome, SensorStackStatus? previous, long? generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (var component in status.Components ?? [])
        {
            if (outcome.Components.FirstOrDefault(c => c.Name == component.Name) is not { } result)
            {
                continue;
            }

            AutopilotStatusMapping.ToStatus(result.History, component, now);
            component.LimitInForce = result.InForce is { } inForce ? Quantities.Format(inForce) : null;
            if (result.Waiting is { } waiting)
            {
                component.Message = component.Message is null ? waiting : $"{component.Message}; {waiting}";
            }
        }

        var condition = outcome.Condition;
        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != ConditionTypes.Autopilot),
            Conditions.Next(previous?.Conditions, ConditionTypes.Autopilot, condition.Status ? Conditions.True : Conditions.False, condition.Reason, condition.Message, generation, now.UtcDateTime)];
    }

    /// <summary>
    /// A reconcile whose autopilot phase failed decided nothing: what the last status said (targets,
    /// histories, the condition) stands, so neither a target nor the history is lost.
    /// </summary>
    public static void CarryOver(SensorStackStatus status, SensorStackStatus? previous)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var component in status.Components ?? [])
        {
            if (previous?.Components?.FirstOrDefault(c => c.Name == component.Name) is not { Autopilot: not null } before)
            {
                continue;
            }

            (component.Limit, component.LimitInForce, component.Peak, component.PeakAt, component.Need) = (before.Limit, before.LimitInForce, before.Peak, before.PeakAt, before.Need);
            (component.OomKills24h, component.LastResize, component.Autopilot) = (before.OomKills24h, before.LastResize, before.Autopilot);
        }

        if (Conditions.Find(previous?.Conditions, ConditionTypes.Autopilot) is { } condition)
        {
            status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != ConditionTypes.Autopilot), condition];
        }
    }

    /// <summary>
    /// The Event key of one change: a change is reported once, also across operator restarts.
    /// Whole seconds: the time read back from the API has no more precision than that.
    /// </summary>
    public static string EventKey(string component, DateTime at) =>
        $"resize/{component}/{at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}";
}
