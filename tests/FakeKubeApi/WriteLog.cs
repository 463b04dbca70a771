using System.Text.Json.Nodes;

namespace SensorStack.FakeKubeApi;

/// <summary>One committed change: the resource (<c>pods</c>, <c>deployments.apps</c>), ADDED/MODIFIED/DELETED, the object after it.</summary>
public sealed record CommittedWrite(string Resource, string EventType, JsonObject Written);

/// <summary>
/// Every write the fake commits, in commit order, from the moment it is started: what a test
/// replays to check an invariant after each single write (not only where it ends). Dispose to stop.
/// </summary>
public sealed class WriteLog : IDisposable
{
    private readonly List<CommittedWrite> writes = [];
    private readonly Action stop;

    internal WriteLog(Action<Action<string, string, JsonObject>> subscribe, Action<Action<string, string, JsonObject>> unsubscribe)
    {
        subscribe(Record);
        stop = () => unsubscribe(Record);
    }

    public IReadOnlyList<CommittedWrite> Writes
    {
        get
        {
            lock (writes)
            {
                return [.. writes];
            }
        }
    }

    public void Dispose() => stop();

    private void Record(string resource, string eventType, JsonObject obj)
    {
        lock (writes)
        {
            // Stored objects are never mutated after commit, so keeping the reference is safe.
            writes.Add(new CommittedWrite(resource, eventType, obj));
        }
    }
}
