using SensorOperator.Api;

namespace SensorOperator.Planning.Autopilot;

/// <summary>The limit per replica the split would give each component, and whether every need fits.</summary>
internal sealed record Shares(IReadOnlyDictionary<string, long> Targets, bool Fits, decimal TotalNeed, decimal Available);

/// <summary>
/// Shares the budget out by need. If Σ need fits, each component gets its need plus the remainder by
/// weight (the static split's rule, applied above the needs instead of the floors); if not, each gets
/// its floor plus what is left in proportion to its need above the floor. Explicit limits are taken
/// first and never change. Shares round down to whole MiB, so Σ target x replicas ≤ budget.
/// </summary>
internal static class ShareDistribution
{
    public static Shares Split(long budget, IReadOnlyList<(ComponentState Component, long Need)> needs)
    {
        var targets = new Dictionary<string, long>(StringComparer.Ordinal);
        var movable = needs.Where(n => n.Component.ExplicitLimit is null).ToList();
        decimal available = budget - needs.Where(n => n.Component.ExplicitLimit is not null).Sum(n => (decimal)n.Component.ExplicitLimit!.Value * n.Component.Replicas);
        foreach (var (component, need) in needs.Where(n => n.Component.ExplicitLimit is not null))
        {
            targets[component.Name] = need;
        }

        var totalNeed = movable.Sum(n => (decimal)n.Need * n.Component.Replicas);
        if (totalNeed <= available)
        {
            var remainder = available - totalNeed;
            var totalWeight = movable.Sum(n => n.Component.Weight);
            foreach (var (component, need) in movable)
            {
                var share = totalWeight == 0 ? 0 : WholeMebibytes.Down(remainder * component.Weight / totalWeight / component.Replicas);
                targets[component.Name] = need + share;
            }

            return new Shares(targets, true, totalNeed, available);
        }

        var floors = movable.Sum(n => (decimal)n.Component.Floor * n.Component.Replicas);
        var above = movable.Sum(n => (decimal)Math.Max(0, n.Need - n.Component.Floor) * n.Component.Replicas);
        foreach (var (component, need) in movable)
        {
            var claim = (decimal)Math.Max(0, need - component.Floor) * component.Replicas;
            var share = above == 0 ? 0 : WholeMebibytes.Down((available - floors) * claim / above / component.Replicas);
            targets[component.Name] = component.Floor + Math.Max(0, share);
        }

        return new Shares(targets, false, totalNeed, available);
    }

    /// <summary>"sensor 60Mi + victoriaMetrics 2 x 280Mi", for the condition message.</summary>
    public static string Breakdown(IEnumerable<(ComponentState Component, long Need)> needs) =>
        string.Join(" + ", needs.Select(n => n.Component.Replicas == 1
            ? $"{n.Component.Name} {Quantities.Format(n.Need)}"
            : $"{n.Component.Name} {n.Component.Replicas} x {Quantities.Format(n.Need)}"));
}
