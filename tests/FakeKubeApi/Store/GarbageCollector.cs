using System.Text.Json.Nodes;
using System.Threading.Channels;
using SensorStack.FakeKubeApi.Http;

namespace SensorStack.FakeKubeApi.Store;

/// <summary>
/// The garbage collector of ownerReferences. After an owner is deleted, in the background (as with
/// the default <c>propagationPolicy: Background</c>), every dependent whose owners are all gone is
/// deleted, cascading down the tree. <c>Orphan</c> strips the owner's reference from its dependents
/// instead. <c>Foreground</c> is treated as Background: the owner disappears first. Objects created
/// or updated with only absent owners are collected as well.
/// </summary>
internal sealed class GarbageCollector : IAsyncDisposable
{
    private readonly ObjectStore store;
    private readonly Channel<(string Uid, DeletePropagation Propagation)> deletions = Channel.CreateUnbounded<(string, DeletePropagation)>();
    private readonly Task loop;
    private int pending;

    public GarbageCollector(ObjectStore store)
    {
        this.store = store;
        store.Deleted += (uid, propagation) =>
        {
            Interlocked.Increment(ref pending);
            deletions.Writer.TryWrite((uid, propagation));
        };
        // As the real collector does, an object written with owners that no longer exist (a
        // controller racing with the owner's deletion) is collected too.
        store.WrittenWithOwners += owners =>
        {
            foreach (var owner in owners.Where(o => !store.Exists(o)))
            {
                Interlocked.Increment(ref pending);
                deletions.Writer.TryWrite((owner, DeletePropagation.Background));
            }
        };
        loop = Task.Run(RunAsync);
    }

    /// <summary>True while deletions wait to be cascaded.</summary>
    public bool Busy => Volatile.Read(ref pending) > 0;

    /// <summary>Dependents the collector failed to handle (a bug in the fake; tests can assert it is empty).</summary>
    public List<Exception> Failures { get; } = [];

    private async Task RunAsync()
    {
        await foreach (var (uid, propagation) in deletions.Reader.ReadAllAsync())
        {
            try
            {
                Collect(uid, propagation);
            }
            catch (StatusException e) when (e.Code == 404)
            {
                // A dependent went away on its own between listing and deleting it.
            }
            catch (Exception e)
            {
                lock (Failures)
                {
                    Failures.Add(e);
                }
            }
            finally
            {
                Interlocked.Decrement(ref pending);
            }
        }
    }

    private void Collect(string ownerUid, DeletePropagation propagation)
    {
        foreach (var (type, dependent) in store.Dependents(ownerUid))
        {
            var name = dependent.Name()!;
            if (propagation == DeletePropagation.Orphan)
            {
                store.Update(type, dependent.Namespace(), name, WriteScope.Main, current =>
                {
                    var obj = current!;
                    var references = obj.Metadata()["ownerReferences"] as JsonArray ?? [];
                    var kept = new JsonArray(references.OfType<JsonObject>().Where(r => r.GetString("uid") != ownerUid).Select(r => r.DeepClone()).ToArray());
                    obj.Metadata()["ownerReferences"] = kept;
                    return obj;
                });
                continue;
            }

            if (ObjectStore.OwnerUids(dependent).All(uid => !store.Exists(uid)))
            {
                store.Delete(type, dependent.Namespace(), name, dependent.Uid(), null, DeletePropagation.Background);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        deletions.Writer.TryComplete();
        await loop;
    }
}
