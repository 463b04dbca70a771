using SensorOperator.Api;
using SensorOperator.Observation;

namespace SensorOperator.Reconciliation;

/// <summary>
/// The running total of a component's OOM kills (pure). Pod status shows only each container's
/// last termination, and a replaced pod takes its history with it, so the total lives in the
/// stack's status: each reconcile adds the OOMKilled terminations it sees that the previous status
/// had not counted, and records the ids of those still visible so none is counted twice.
/// </summary>
public static class OomKillTotals
{
    /// <summary>The total and the counted ids after <paramref name="visible"/> was observed.</summary>
    public static (int Total, IList<string> Counted) Next(ComponentStatus? previous, IReadOnlyList<OomKill> visible)
    {
        ArgumentNullException.ThrowIfNull(visible);
        var counted = AlreadyCounted(previous, visible);
        var ids = visible.Select(k => k.Id).Distinct().ToList();
        return ((previous?.OomKills ?? 0) + ids.Count(id => !counted.Contains(id)), ids);
    }

    /// <summary>The visible terminations that <paramref name="previous"/> already counts (and whose events were emitted).</summary>
    public static IReadOnlySet<string> AlreadyCounted(ComponentStatus? previous, IReadOnlyList<OomKill> visible)
    {
        ArgumentNullException.ThrowIfNull(visible);
        if (previous?.CountedOomKills is { } ids)
        {
            return ids.ToHashSet();
        }

        // A status written before the total was kept holds no ids; its oomKills counted exactly the
        // terminations then visible, so that many of those now visible are taken as counted.
        return visible.Take(previous?.OomKills ?? 0).Select(k => k.Id).ToHashSet();
    }
}
