using System.Collections.Concurrent;

namespace SensorOperator.Reconciliation;

/// <summary>How often a stack is observed, and how often its children are force-applied.</summary>
public sealed record ReconcileIntervals(TimeSpan Observe, TimeSpan Resync);

/// <summary>
/// When each stack's next resync is due: a resync applies every child with force even though its
/// desired content is unchanged, so edits of operator-owned fields by other field managers are
/// reverted. A stack this process has not seen before is due one interval after it is first seen
/// (an operator restart does not write every child of every stack at once).
/// </summary>
public sealed class ResyncSchedule(ReconcileIntervals intervals)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _last = new();

    public bool IsDue(string? uid, DateTimeOffset now) =>
        uid is not null && now - _last.GetOrAdd(uid, now) >= intervals.Resync;

    /// <summary>The resync of this stack succeeded; the next is due an interval from now.</summary>
    public void Done(string uid, DateTimeOffset now) => _last[uid] = now;

    /// <summary>Forgets a deleted stack.</summary>
    public void Forget(string uid) => _last.TryRemove(uid, out _);
}
