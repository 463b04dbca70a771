using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace SensorOperator.Kubernetes;

/// <summary>The informer's in-memory copy of the objects it watches, keyed namespace/name.</summary>
public sealed class InformerCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> _items = new();

    public int Count => _items.Count;

    public T? Get(ObjectKey key) => _items.TryGetValue(key, out var item) ? item : null;

    public T? Get(string @namespace, string name) => Get(new ObjectKey(@namespace, name));

    public IReadOnlyList<T> List() => [.. _items.Values];

    public IReadOnlyList<T> List(string @namespace) => [.. _items.Where(kv => kv.Key.Namespace == @namespace).Select(kv => kv.Value)];

    public IReadOnlyCollection<ObjectKey> Keys => [.. _items.Keys];

    /// <summary>Stores the object and returns the previous version, if any.</summary>
    internal T? Upsert(T item)
    {
        T? previous = null;
        _items.AddOrUpdate(ObjectKey.Of(item), item, (_, old) =>
        {
            previous = old;
            return item;
        });
        return previous;
    }

    internal T? Remove(ObjectKey key) => _items.TryRemove(key, out var removed) ? removed : null;
}
