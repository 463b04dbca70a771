using k8s.Models;
using SensorOperator.Api;
using SensorOperator.Observation;
using SensorOperator.Planning;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Computes the SensorStack status from the plan and the observation. Pure: no clock (the time is
/// an input), no I/O; lastTransitionTime carries over from the previous status when a condition's
/// status stays the same.
/// </summary>
public static class StatusCalculator
{
    public static SensorStackStatus Compute(StatusInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var previous = inputs.Previous?.Conditions;
        var plan = (inputs.Plan as FeasiblePlan)?.Plan;
        var budgetBytes = plan?.BudgetBytes ?? TryParseBytes(inputs.MemoryBudget);
        var observation = inputs.Observation;

        var conditions = new List<V1Condition>
        {
            BudgetAllocated(inputs, plan, previous),
            WithinBudget(inputs, plan, budgetBytes, previous),
            Ready(inputs, plan, previous),
        };

        return new SensorStackStatus
        {
            ObservedGeneration = inputs.Generation,
            Budget = budgetBytes is { } b ? Quantities.Format(b) : null,
            Allocated = plan is null ? null : Quantities.Format(plan.AllocatedBytes),
            Used = observation?.UsedBytes is { } used ? UsageFormat.Rounded(used) : null,
            Components = plan is null
                ? inputs.Previous?.Components
                : [.. plan.Components.Select(c => Component(c, Find(observation, c.Name), inputs.Previous?.Components?.FirstOrDefault(p => p.Name == c.Name)))],
            Conditions = conditions,
        };
    }

    /// <summary>
    /// One component's status. Without an observation (a failure before the observe phase) what was
    /// observed before still stands: usage, readiness and the OOM total are carried over.
    /// </summary>
    private static ComponentStatus Component(ComponentPlan plan, ComponentObservation? seen, ComponentStatus? previous)
    {
        if (seen is null)
        {
            return new ComponentStatus
            {
                Name = plan.Name,
                Limit = Quantities.Format(plan.LimitBytes),
                Used = previous?.Used,
                ReadyReplicas = previous?.ReadyReplicas ?? 0,
                OomKills = previous?.OomKills ?? 0,
                CountedOomKills = previous?.CountedOomKills ?? [],
                Message = plan.Note,
            };
        }

        var (oomKills, counted) = OomKillTotals.Next(previous, seen.OomKillDetails);
        return new ComponentStatus
        {
            Name = plan.Name,
            Limit = Quantities.Format(plan.LimitBytes),
            Used = seen.UsedBytes is { } used ? UsageFormat.Rounded(used) : null,
            ReadyReplicas = seen.ReadyReplicas,
            OomKills = oomKills,
            CountedOomKills = counted,
            Message = plan.Note,
        };
    }

    private static V1Condition BudgetAllocated(StatusInputs inputs, StackPlan? plan, IList<V1Condition>? previous)
    {
        if (inputs.Plan is InfeasiblePlan infeasible)
        {
            return Conditions.Next(previous, ConditionTypes.BudgetAllocated, Conditions.False, infeasible.Reason, infeasible.Message, inputs.Generation, inputs.Now);
        }

        var message = $"Allocated {Quantities.Format(plan!.AllocatedBytes)} of {Quantities.Format(plan.BudgetBytes)} to {plan.Components.Count} components";
        return Conditions.Next(previous, ConditionTypes.BudgetAllocated, Conditions.True, ConditionReasons.Allocated, message, inputs.Generation, inputs.Now);
    }

    private static V1Condition WithinBudget(StatusInputs inputs, StackPlan? plan, long? budgetBytes, IList<V1Condition>? previous)
    {
        V1Condition Set(string status, string reason, string message) =>
            Conditions.Next(previous, ConditionTypes.WithinBudget, status, reason, message, inputs.Generation, inputs.Now);

        var observation = inputs.Observation;
        if (plan is null || budgetBytes is null)
        {
            return Set(Conditions.Unknown, ConditionReasons.NotAllocated, "No feasible plan to compare memory use against");
        }

        if (observation is null || !observation.MetricsAvailable)
        {
            return Set(Conditions.Unknown, ConditionReasons.MetricsUnavailable, $"Memory use unknown: {observation?.MetricsError ?? "not observed"}");
        }

        var used = observation.UsedBytes ?? 0;
        if (used > budgetBytes)
        {
            return Set(Conditions.False, ConditionReasons.OverBudget, $"Using {UsageFormat.Rounded(used)} of the {Quantities.Format(budgetBytes.Value)} budget");
        }

        var near = plan.Components
            .Select(c => (Plan: c, Used: Find(observation, c.Name)?.UsedBytes ?? 0))
            .Where(x => x.Plan.TotalBytes > 0 && x.Used >= x.Plan.TotalBytes * inputs.NearLimitFraction)
            .Select(x => $"{x.Plan.Name} uses {UsageFormat.Rounded(x.Used)} of its {Quantities.Format(x.Plan.TotalBytes)} limit")
            .ToList();
        if (near.Count > 0)
        {
            return Set(Conditions.False, ConditionReasons.ComponentNearLimit, string.Join("; ", near));
        }

        return Set(Conditions.True, ConditionReasons.WithinBudget, $"Using {UsageFormat.Rounded(used)} of the {Quantities.Format(budgetBytes.Value)} budget");
    }

    private static V1Condition Ready(StatusInputs inputs, StackPlan? plan, IList<V1Condition>? previous)
    {
        V1Condition Set(string status, string reason, string message) =>
            Conditions.Next(previous, ConditionTypes.Ready, status, reason, message, inputs.Generation, inputs.Now);

        if (inputs.Plan is InfeasiblePlan infeasible)
        {
            return Set(Conditions.False, ConditionReasons.NotAllocated, $"Budget not allocated ({infeasible.Reason}); children left as they were");
        }

        if (inputs.ApplyErrors.Count > 0)
        {
            return Set(Conditions.False, ConditionReasons.ApplyFailed, string.Join("; ", inputs.ApplyErrors.Take(3)));
        }

        var notReady = plan!.Components
            .Select(c => (c.Name, c.Replicas, Ready: Find(inputs.Observation, c.Name)?.ReadyReplicas ?? 0))
            .Where(x => x.Ready < x.Replicas)
            .Select(x => $"{x.Name} {x.Ready}/{x.Replicas} ready")
            .ToList();
        return notReady.Count > 0
            ? Set(Conditions.False, ConditionReasons.ComponentsNotReady, string.Join(", ", notReady))
            : Set(Conditions.True, ConditionReasons.AllComponentsReady, "Every component is ready");
    }

    private static ComponentObservation? Find(StackObservation? observation, string name) =>
        observation?.Components.FirstOrDefault(c => c.Name == name);

    private static long? TryParseBytes(string quantity) =>
        Quantities.TryParseBytes("spec.memoryBudget", quantity, out var bytes, out _) ? bytes : null;
}
