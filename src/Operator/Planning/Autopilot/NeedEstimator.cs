using SensorOperator.Api;

namespace SensorOperator.Planning.Autopilot;

/// <summary>What one component needs per replica, and the words that explain it.</summary>
/// <param name="Why">e.g. "peak 52Mi + 15%", "OOM kill at 64Mi", "floor 32Mi".</param>
internal sealed record NeedEstimate(long Bytes, string Why);

/// <summary>
/// need = max(floor, peak x (1 + headroom), peak + minChange); after an OOM kill at least
/// max(limit x 1.25, limit + 16Mi). (With under an hour of history a component does not go below
/// the static split: that is a rule on its limit, kept by <see cref="ChangeTriggers"/> and
/// <see cref="BudgetFitting"/>, not part of the demand, so it never makes the budget look insufficient.)
/// The margin is VPA's (--recommendation-margin-fraction 0.15 in pkg/recommender/logic/recommender.go);
/// the OOM bump is VPA's RecordOOM (pkg/recommender/model/container.go: max(+100MB, x1.2) of the
/// memory used) scaled to a 300Mi stack, where +100MB would be a third of the budget.
/// </summary>
internal static class NeedEstimator
{
    /// <summary>An OOM kill asks for at least this factor of the limit it happened at.</summary>
    public const decimal OomFactor = 1.25m;

    /// <summary>And at least this much more than that limit.</summary>
    public const long OomMinimumBump = 16 * Quantities.Mebibyte;

    /// <summary>Below this much history the static split is the least a component's limit goes to.</summary>
    public static readonly TimeSpan YoungHistory = TimeSpan.FromHours(1);

    /// <summary>
    /// Not capped by the budget: a need above what the budget can give is what makes the condition
    /// BudgetInsufficient (and the shares then cap the limit).
    /// </summary>
    public static NeedEstimate Estimate(ComponentState component, AutopilotSettings settings, DateTimeOffset now)
    {
        if (component.ExplicitLimit is { } fixedLimit)
        {
            return new NeedEstimate(fixedLimit, $"spec limit {Quantities.Format(fixedLimit)}");
        }

        var history = component.History;
        var candidates = new List<NeedEstimate> { new(component.Floor, $"floor {Quantities.Format(component.Floor)}") };
        if (PeakWindow.Highest(history, now, settings) is { } peak)
        {
            var peakText = Quantities.Format(WholeMebibytes.Up(peak.Bytes));
            candidates.Add(new(WholeMebibytes.Up(peak.Bytes * (100m + settings.HeadroomPercent) / 100m), $"peak {peakText} + {settings.HeadroomPercent}%"));
            candidates.Add(new(WholeMebibytes.Up(peak.Bytes + (decimal)settings.MinChangeBytes), $"peak {peakText} + {Quantities.Format(settings.MinChangeBytes)}"));
        }
        else
        {
            // Nothing observed in the window: nothing says the limit in force is too much or too little.
            var held = component.LimitInForce > 0 ? component.LimitInForce : component.StaticLimit;
            candidates.Add(new(held, $"no working set observed, {Quantities.Format(held)} held"));
        }

        foreach (var kill in history.OomKills.Where(k => k.At > now - settings.ShrinkAfter))
        {
            var bumped = Math.Max(WholeMebibytes.Up(kill.Limit * OomFactor), WholeMebibytes.Up(kill.Limit + (decimal)OomMinimumBump));
            candidates.Add(new(bumped, $"OOM kill at {Quantities.Format(kill.Limit)}"));
        }

        // The first of equal candidates wins, so the reason reads as the simplest one.
        return candidates.Aggregate((best, next) => next.Bytes > best.Bytes ? next : best);
    }
}
