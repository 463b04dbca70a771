using System.Text;
using System.Text.Json.Nodes;
using SensorStack.FakeKubeApi.Http;
using SensorStack.FakeKubeApi.Selectors;
using SensorStack.FakeKubeApi.Watch;

namespace SensorStack.FakeKubeApi.Store;

/// <summary>
/// The fake's etcd: every object of every resource, one global resourceVersion counter, a bounded
/// history of changes for watch resumption, and the open watches. One lock guards it all; stored
/// objects are never mutated after commit (writes store fresh clones), and are only read under the
/// lock.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly int historyCapacity;
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ResourceType Type, string Key)> byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> dependents = new(StringComparer.Ordinal);
    private readonly Queue<StoredEvent> history = new();
    private readonly List<Watcher> watchers = [];
    private long resourceVersion;
    private long compactedThrough;

    public ObjectStore(TimeProvider time, int historyCapacity)
    {
        this.time = time;
        this.historyCapacity = historyCapacity;
    }

    /// <summary>Called (outside the lock) with the uid of every deleted object, for garbage collection.</summary>
    public event Action<string, DeletePropagation>? Deleted;

    /// <summary>Called (outside the lock) with the owner uids of every created or changed object that has owners.</summary>
    public event Action<IReadOnlyList<string>>? WrittenWithOwners;

    public long CurrentResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    public int WatchCount
    {
        get
        {
            lock (gate)
            {
                return watchers.Count(w => !w.Internal);
            }
        }
    }

    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (gate)
        {
            return Find(type, ns, name)?.CloneObject();
        }
    }

    public bool Exists(string uid)
    {
        lock (gate)
        {
            return byUid.ContainsKey(uid);
        }
    }

    /// <summary>A page of matching objects in namespace/name order and the list's resourceVersion.</summary>
    /// <param name="after">Continue token: the key of the last item of the previous page.</param>
    public (List<JsonObject> Items, long ResourceVersion, string? Continue, long Remaining) List(
        ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, int limit = 0, string? after = null)
    {
        lock (gate)
        {
            var matching = Bucket(type)
                .Where(p => after is null || string.CompareOrdinal(p.Key, after) > 0)
                .Where(p => (ns is null || p.Value.Namespace() == ns) && labels.Matches(p.Value.Labels()) && fields.Matches(p.Value))
                .ToList();
            var page = limit > 0 ? matching.Take(limit).ToList() : matching;
            var more = page.Count < matching.Count;
            return (
                page.Select(p => WithTypeMeta(p.Value.CloneObject(), type)).ToList(),
                resourceVersion,
                more ? page[^1].Key : null,
                matching.Count - page.Count);
        }
    }

    /// <summary>Stores a new object, filling in what the server owns (uid, resourceVersion, ...).</summary>
    /// <param name="keepStatus">False for API creates: status is not settable on create where a status subresource exists.</param>
    /// <param name="admission">Checks of a write through the API; null for fixtures.</param>
    public JsonObject Create(ResourceType type, string? ns, JsonObject body, bool keepStatus, WriteAdmission? admission = null)
    {
        var obj = WithTypeMeta(body.CloneObject(), type);
        admission?.Decode(obj);
        var metadata = obj.Metadata();
        var name = obj.Name();
        if (string.IsNullOrEmpty(name) && metadata.GetString("generateName") is { Length: > 0 } prefix)
        {
            name = prefix + RandomSuffix();
            metadata["name"] = name;
        }

        if (string.IsNullOrEmpty(name))
        {
            throw StatusException.Invalid(type, "", "metadata.name: Required value: name or generateName is required");
        }

        SetScope(type, ns, obj, name);
        if (type.HasStatus && !keepStatus)
        {
            obj.Remove("status");
        }

        admission?.Validate(obj, null);
        lock (gate)
        {
            if (Find(type, obj.Namespace(), name) is not null)
            {
                throw StatusException.AlreadyExists(type, name);
            }

            var uid = Guid.NewGuid().ToString();
            metadata["uid"] = uid;
            metadata["creationTimestamp"] = JsonNodes.Rfc3339(time.GetUtcNow());
            metadata["generation"] = 1L;
            metadata.Remove("deletionTimestamp");
            metadata["resourceVersion"] = (++resourceVersion).ToString();
            var key = Key(obj.Namespace(), name);
            Bucket(type)[key] = obj;
            byUid[uid] = (type, key);
            IndexOwners(null, obj);
            Publish(type, "ADDED", obj, previous: null);
        }

        NotifyOwners(obj);
        return obj.CloneObject();
    }

    private void NotifyOwners(JsonObject written)
    {
        if (OwnerUids(written) is { Count: > 0 } owners)
        {
            WrittenWithOwners?.Invoke(owners);
        }
    }

    /// <summary>
    /// Changes one object atomically: <paramref name="change"/> sees the current object (null when
    /// missing) and returns the desired one. The store keeps the identity fields, separates status
    /// from the rest, rejects a stale resourceVersion, bumps generation on spec changes, and writes
    /// nothing (same resourceVersion, no event) when nothing changed.
    /// </summary>
    /// <returns>The stored object and whether it was created.</returns>
    public (JsonObject Object, bool Created) Update(
        ResourceType type, string? ns, string name, WriteScope scope, Func<JsonObject?, JsonObject> change, bool createIfMissing = false,
        WriteAdmission? admission = null)
    {
        JsonObject written;
        lock (gate)
        {
            var existing = Find(type, ns, name);
            if (existing is null)
            {
                if (!createIfMissing)
                {
                    throw StatusException.NotFound(type, name);
                }

                var fresh = change(null);
                fresh.Metadata()["name"] = name;
                return (Create(type, ns, fresh, keepStatus: scope == WriteScope.Status, admission), true);
            }

            var desired = WithTypeMeta(change(existing.CloneObject()), type);
            admission?.Decode(desired);
            var requested = desired.ResourceVersion();
            if (!string.IsNullOrEmpty(requested) && requested != existing.ResourceVersion())
            {
                throw StatusException.StaleResourceVersion(type, name);
            }

            if (desired.Name() is { Length: > 0 } bodyName && bodyName != name)
            {
                throw StatusException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }

            var next = Merge(type, scope, existing, desired);
            admission?.Validate(next, existing);
            if (JsonNode.DeepEquals(existing, next))
            {
                return (existing.CloneObject(), false);
            }

            next.Metadata()["resourceVersion"] = (++resourceVersion).ToString();
            Bucket(type)[Key(next.Namespace(), name)] = next;
            IndexOwners(existing, next);
            Publish(type, "MODIFIED", next, existing);
            written = next;
        }

        NotifyOwners(written);
        return (written.CloneObject(), false);
    }

    /// <summary>Removes an object; its last state carries the delete's resourceVersion, as in watch events.</summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, string? expectedUid, string? expectedResourceVersion, DeletePropagation propagation)
    {
        JsonObject deleted;
        lock (gate)
        {
            var existing = Find(type, ns, name) ?? throw StatusException.NotFound(type, name);
            if ((expectedUid is not null && expectedUid != existing.Uid())
                || (expectedResourceVersion is not null && expectedResourceVersion != existing.ResourceVersion()))
            {
                throw StatusException.Conflict(type, name, "the precondition on uid or resourceVersion does not hold");
            }

            deleted = existing.CloneObject();
            deleted.Metadata()["resourceVersion"] = (++resourceVersion).ToString();
            Bucket(type).Remove(Key(existing.Namespace(), name));
            byUid.Remove(existing.Uid() ?? "");
            IndexOwners(existing, null);
            Publish(type, "DELETED", deleted, previous: null);
        }

        Deleted?.Invoke(deleted.Uid() ?? "", propagation);
        return deleted;
    }

    /// <summary>Objects whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    public List<(ResourceType Type, JsonObject Object)> Dependents(string ownerUid)
    {
        lock (gate)
        {
            return dependents.TryGetValue(ownerUid, out var uids)
                ? uids.Where(byUid.ContainsKey).Select(u => byUid[u]).Select(v => (v.Type, Bucket(v.Type)[v.Key].CloneObject())).ToList()
                : [];
        }
    }

    /// <summary>Keeps the owner index (owner uid to dependent uids) in step with a stored object.</summary>
    private void IndexOwners(JsonObject? before, JsonObject? after)
    {
        foreach (var owner in before is null ? [] : OwnerUids(before))
        {
            if (dependents.TryGetValue(owner, out var set))
            {
                set.Remove(before!.Uid() ?? "");
                if (set.Count == 0)
                {
                    dependents.Remove(owner);
                }
            }
        }

        foreach (var owner in after is null ? [] : OwnerUids(after))
        {
            if (!dependents.TryGetValue(owner, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                dependents[owner] = set;
            }

            set.Add(after!.Uid() ?? "");
        }
    }

    public static IReadOnlyList<string> OwnerUids(JsonObject obj) =>
        (obj.Metadata()["ownerReferences"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(r => r.GetString("uid"))
            .OfType<string>()
            .ToList();

    /// <summary>Deletes every object of a resource that stops being served.</summary>
    public void RemoveType(ResourceType type)
    {
        List<JsonObject> all;
        lock (gate)
        {
            all = Bucket(type).Values.Select(o => o.CloneObject()).ToList();
        }

        foreach (var obj in all)
        {
            try
            {
                Delete(type, obj.Namespace(), obj.Name()!, null, null, DeletePropagation.Background);
            }
            catch (StatusException e) when (e.Code == 404)
            {
                // Deleted concurrently: nothing left to do for this one.
            }
        }

        List<Watcher> open;
        lock (gate)
        {
            open = watchers.Where(w => w.Type.Id == type.Id).ToList();
        }

        foreach (var watcher in open)
        {
            watcher.Complete();
        }
    }

    /// <summary>
    /// Opens a watch. Without a resourceVersion (or "0") it starts with a synthetic ADDED per current
    /// object; with one it replays the history after it, or fails with 410 when that part of the
    /// history has been compacted away.
    /// </summary>
    public Watcher OpenWatch(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, string? sinceResourceVersion, bool internalWatch = false)
    {
        var watcher = new Watcher(type, ns, labels, fields) { Internal = internalWatch };
        lock (gate)
        {
            if (string.IsNullOrEmpty(sinceResourceVersion) || sinceResourceVersion == "0")
            {
                foreach (var obj in Bucket(type).Values.Where(watcher.Selects))
                {
                    watcher.Enqueue("ADDED", WireForm(obj, type));
                }
            }
            else
            {
                if (!long.TryParse(sinceResourceVersion, out var since))
                {
                    watcher.Dispose();
                    throw StatusException.BadRequest($"invalid resource version \"{sinceResourceVersion}\"");
                }

                if (since < compactedThrough)
                {
                    watcher.Dispose();
                    throw StatusException.Gone($"too old resource version: {since} ({compactedThrough + 1})");
                }

                foreach (var e in history.Where(e => e.ResourceVersion > since && e.Type.Id == type.Id))
                {
                    Deliver(watcher, e);
                }
            }

            watchers.Add(watcher);
        }

        return watcher;
    }

    public void CloseWatch(Watcher watcher)
    {
        lock (gate)
        {
            watchers.Remove(watcher);
        }
    }

    /// <summary>Queues a BOOKMARK at the current resourceVersion: every earlier change is already queued.</summary>
    public void Bookmark(Watcher watcher)
    {
        lock (gate)
        {
            var bookmark = new JsonObject
            {
                ["kind"] = watcher.Type.Kind,
                ["apiVersion"] = watcher.Type.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString() },
            };
            watcher.Enqueue("BOOKMARK", bookmark.ToJsonString(JsonNodes.Wire));
        }
    }

    public void DropWatches(bool abortConnections)
    {
        List<Watcher> open;
        lock (gate)
        {
            open = watchers.Where(w => !w.Internal).ToList();
        }

        // Outside the lock and over a copy: ending a watch can run its handler's cleanup, which
        // removes it from the list, synchronously on this thread.
        foreach (var watcher in open)
        {
            watcher.Drop(abortConnections);
        }
    }

    /// <summary>Forgets all history: any watch from an older resourceVersion now gets 410 Gone.</summary>
    public void CompactHistory() => Compact();

    /// <summary>
    /// Compacts the history under every open watch, as etcd compacting past a watch does: the
    /// apiserver turns etcd's ErrCompacted into a 410 Expired Status (apiserver
    /// <c>pkg/storage/etcd3/errors.go</c> <c>interpretWatchError</c>), which the watch handler
    /// (<c>pkg/endpoints/handlers/watch.go</c>) writes as an ERROR event before the stream ends.
    /// </summary>
    public void ExpireWatches()
    {
        var status = StatusException.Gone("The resourceVersion for the provided watch is too old.").ToStatus().ToJsonString(JsonNodes.Wire);
        foreach (var watcher in Compact())
        {
            watcher.Enqueue("ERROR", status);
            watcher.Complete();
        }
    }

    /// <summary>Writes <paramref name="line"/> as it is to every open watch (a corrupted frame; see README).</summary>
    public void SendRawLine(string line)
    {
        lock (gate)
        {
            foreach (var watcher in watchers.Where(w => !w.Internal))
            {
                watcher.EnqueueRaw(line);
            }
        }
    }

    private List<Watcher> Compact()
    {
        lock (gate)
        {
            history.Clear();
            compactedThrough = resourceVersion;
            return [.. watchers.Where(w => !w.Internal)];
        }
    }

    private static JsonObject Merge(ResourceType type, WriteScope scope, JsonObject existing, JsonObject desired)
    {
        JsonObject next;
        if (scope == WriteScope.Status)
        {
            // The status subresource changes status only (and managedFields of a status apply).
            next = existing.CloneObject();
            next["status"] = desired["status"]?.DeepClone();
            if (next["status"] is null)
            {
                next.Remove("status");
            }
        }
        else
        {
            next = desired.CloneObject();
            if (type.HasStatus)
            {
                // Main-resource writes ignore status where a status subresource exists.
                next.Remove("status");
                if (existing["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }
            }
        }

        var metadata = next.Metadata();
        var old = existing.Metadata();
        foreach (var owned in new[] { "name", "namespace", "uid", "creationTimestamp", "generation", "resourceVersion", "deletionTimestamp" })
        {
            if (old[owned] is { } value)
            {
                metadata[owned] = value.DeepClone();
            }
            else
            {
                metadata.Remove(owned);
            }
        }

        if (scope == WriteScope.Status)
        {
            metadata["managedFields"] = desired.Metadata()["managedFields"]?.DeepClone() ?? old["managedFields"]?.DeepClone();
        }
        else if (metadata["managedFields"] is null && old["managedFields"] is { } managed)
        {
            metadata["managedFields"] = managed.DeepClone();
        }

        if (metadata["managedFields"] is null)
        {
            metadata.Remove("managedFields");
        }

        if (!JsonNode.DeepEquals(SpecOf(existing), SpecOf(next)))
        {
            metadata["generation"] = existing.Generation() + 1;
        }

        return next;
    }

    /// <summary>Everything but metadata and status: what a generation counts changes of.</summary>
    private static JsonObject SpecOf(JsonObject obj)
    {
        var copy = obj.CloneObject();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private void Publish(ResourceType type, string eventType, JsonObject obj, JsonObject? previous)
    {
        var e = new StoredEvent(resourceVersion, type, eventType, obj, previous, WireForm(obj, type));
        history.Enqueue(e);
        while (history.Count > historyCapacity)
        {
            compactedThrough = history.Dequeue().ResourceVersion;
        }

        foreach (var watcher in watchers)
        {
            if (watcher.Type.Id == type.Id)
            {
                Deliver(watcher, e);
            }
        }
    }

    /// <summary>
    /// A watch with a selector sees an object that starts matching as ADDED and one that stops
    /// matching as DELETED, as the real watch cache does.
    /// </summary>
    private static void Deliver(Watcher watcher, StoredEvent e)
    {
        var now = watcher.Selects(e.Object);
        var before = e.Previous is not null && watcher.Selects(e.Previous);
        var type = e.EventType switch
        {
            "MODIFIED" when now && before => "MODIFIED",
            "MODIFIED" when now => "ADDED",
            "MODIFIED" when before => "DELETED",
            "MODIFIED" => null,
            _ => now ? e.EventType : null,
        };
        if (type is not null)
        {
            watcher.Enqueue(type, e.Json);
        }
    }

    private JsonObject? Find(ResourceType type, string? ns, string name) =>
        Bucket(type).GetValueOrDefault(Key(type.Namespaced ? ns : null, name));

    private SortedDictionary<string, JsonObject> Bucket(ResourceType type)
    {
        if (!objects.TryGetValue(type.Id, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            objects[type.Id] = bucket;
        }

        return bucket;
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    private static void SetScope(ResourceType type, string? ns, JsonObject obj, string name)
    {
        var metadata = obj.Metadata();
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }

        var bodyNamespace = obj.Namespace();
        if (!string.IsNullOrEmpty(bodyNamespace) && ns is not null && bodyNamespace != ns)
        {
            throw StatusException.BadRequest($"the namespace of the provided object ({bodyNamespace}) does not match the namespace sent on the request ({ns})");
        }

        var effective = ns ?? bodyNamespace;
        if (string.IsNullOrEmpty(effective))
        {
            throw StatusException.Invalid(type, name, "metadata.namespace: Required value");
        }

        metadata["namespace"] = effective;
    }

    /// <summary>An object as a watch sends it: with type meta, and pruned and defaulted as reads are.</summary>
    private static string WireForm(JsonObject obj, ResourceType type) =>
        Admission.CustomResourceAdmissions.ForRead(type, WithTypeMeta(obj.CloneObject(), type)).ToJsonString(JsonNodes.Wire);

    internal static JsonObject WithTypeMeta(JsonObject obj, ResourceType type)
    {
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        return obj;
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var builder = new StringBuilder(5);
        for (var i = 0; i < 5; i++)
        {
            builder.Append(alphabet[Random.Shared.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }
}

internal enum WriteScope
{
    Main,
    Status,
}

public enum DeletePropagation
{
    Background,
    Foreground,
    Orphan,
}
