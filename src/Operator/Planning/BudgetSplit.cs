using SensorOperator.Api;

namespace SensorOperator.Planning;

/// <summary>One component's claim on the budget.</summary>
/// <param name="ExplicitLimit">spec.*.memoryLimit in bytes, honoured as given; null to plan it.</param>
internal sealed record ComponentDemand(string Name, long Floor, int Weight, int Replicas, long? ExplicitLimit);

/// <summary>
/// Splits a memory budget over the components (pure arithmetic, no Kubernetes types).
///
/// 1. Explicit limits are honoured exactly: they cost limit x replicas.
/// 2. Every other component first gets its floor (x replicas): the least it needs to start and serve.
/// 3. What is left is shared by weight among those components, per replica, rounded down to whole
///    MiB so limits read well (this is why a plan may allocate a few MiB less than the budget).
///
/// Nothing is ever clamped silently: when the explicit limits alone exceed the budget the answer is
/// LimitsExceedBudget; when the floors do not fit next to them it is BudgetTooSmall (no explicit
/// limits) or LimitsExceedBudget (explicit limits took the room the floors need).
/// </summary>
internal static class BudgetSplit
{
    /// <summary>Limits are planned in whole mebibytes.</summary>
    public const long Granularity = Quantities.Mebibyte;

    public sealed record Allocation(string Name, long Limit, int Replicas, bool Explicit);

    public static (IReadOnlyList<Allocation>? Allocations, InfeasiblePlan? Failure) Split(long budget, IReadOnlyList<ComponentDemand> demands)
    {
        // decimal: a budget near 2^63 times 100 replicas must not overflow.
        decimal explicitTotal = demands.Where(d => d.ExplicitLimit is not null).Sum(d => (decimal)d.ExplicitLimit!.Value * d.Replicas);
        var planned = demands.Where(d => d.ExplicitLimit is null).ToList();
        decimal floorTotal = planned.Sum(d => (decimal)d.Floor * d.Replicas);

        if (explicitTotal > budget)
        {
            return (null, new InfeasiblePlan(
                ConditionReasons.LimitsExceedBudget,
                $"explicit memory limits need {Describe(explicitTotal)} ({Breakdown(demands.Where(d => d.ExplicitLimit is not null), d => d.ExplicitLimit!.Value)}) but spec.memoryBudget is {Quantities.Format(budget)}"));
        }

        if (explicitTotal + floorTotal > budget)
        {
            var floors = Breakdown(planned, d => d.Floor);
            if (explicitTotal == 0)
            {
                return (null, new InfeasiblePlan(
                    ConditionReasons.BudgetTooSmall,
                    $"spec.memoryBudget {Quantities.Format(budget)} is below the {Describe(floorTotal)} the components' floors need ({floors})"));
            }

            return (null, new InfeasiblePlan(
                ConditionReasons.LimitsExceedBudget,
                $"explicit memory limits take {Describe(explicitTotal)} of spec.memoryBudget {Quantities.Format(budget)}, leaving {Describe(budget - explicitTotal)}, but the other components' floors need {Describe(floorTotal)} ({floors})"));
        }

        var surplus = budget - explicitTotal - floorTotal;
        var totalWeight = planned.Sum(d => d.Weight);
        var allocations = new List<Allocation>(demands.Count);
        foreach (var d in demands)
        {
            if (d.ExplicitLimit is { } limit)
            {
                allocations.Add(new Allocation(d.Name, limit, d.Replicas, Explicit: true));
                continue;
            }

            var share = surplus * d.Weight / totalWeight / d.Replicas;
            var extra = decimal.Floor(share / Granularity) * Granularity;
            // A limit is an Int64 in Kubernetes; a share beyond it could only come from an absurd budget.
            var planned1 = (long)Math.Min(d.Floor + extra, long.MaxValue);
            allocations.Add(new Allocation(d.Name, planned1, d.Replicas, Explicit: false));
        }

        return (allocations, null);
    }

    private static string Breakdown(IEnumerable<ComponentDemand> demands, Func<ComponentDemand, long> perReplica) =>
        string.Join(" + ", demands.Select(d => d.Replicas == 1
            ? $"{d.Name} {Quantities.Format(perReplica(d))}"
            : $"{d.Name} {d.Replicas} x {Quantities.Format(perReplica(d))}"));

    private static string Describe(decimal bytes) =>
        bytes > long.MaxValue ? $"{bytes} bytes" : Quantities.Format((long)bytes);
}
