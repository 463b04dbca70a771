using System.Collections.Concurrent;

namespace SensorOperator.Reconciliation;

/// <summary>
/// Remembers which occurrences were reported per object (by UID). Each reconcile passes the
/// occurrences that are active now; those not reported before are returned for emission, and the
/// memory becomes exactly the active set, so it stays bounded and an occurrence that ends and
/// comes back (a second over-budget episode) is reported again.
/// </summary>
public sealed class EventDeduplicator
{
    private readonly ConcurrentDictionary<string, HashSet<string>> _reported = new();

    /// <summary>True when nothing has been remembered for the object (a new object, or a restarted operator).</summary>
    public bool IsNew(string uid) => !_reported.ContainsKey(uid);

    /// <summary>Returns the active events not yet reported and remembers every active one as reported.</summary>
    public IReadOnlyList<StackEvent> Filter(string uid, IReadOnlyList<StackEvent> active, IReadOnlySet<string>? alreadyReported = null)
    {
        ArgumentNullException.ThrowIfNull(active);
        var before = _reported.GetValueOrDefault(uid) ?? alreadyReported?.ToHashSet() ?? [];
        var fresh = active.Where(e => !before.Contains(e.Key)).GroupBy(e => e.Key).Select(g => g.First()).ToList();
        _reported[uid] = [.. active.Select(e => e.Key)];
        return fresh;
    }

    /// <summary>Marks one occurrence as not reported (its event could not be written).</summary>
    public void Unmark(string uid, string key)
    {
        if (_reported.TryGetValue(uid, out var keys))
        {
            keys.Remove(key);
        }
    }

    /// <summary>Forgets an object that was deleted.</summary>
    public void Forget(string uid) => _reported.TryRemove(uid, out _);
}
