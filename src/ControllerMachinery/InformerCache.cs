using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>
/// The informer's in-memory copy of the objects it watches, keyed namespace/name, with optional
/// secondary indexes (client-go's Indexer): "which objects does this owner control" is then a
/// lookup, not a scan of every cached object on every reconcile.
/// </summary>
public sealed class InformerCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> _items = new();
    private readonly Dictionary<string, Index> _indexes = [];
    private readonly Lock _write = new();

    public int Count => _items.Count;

    public T? Get(ObjectKey key) => _items.TryGetValue(key, out var item) ? item : null;

    public T? Get(string @namespace, string name) => Get(new ObjectKey(@namespace, name));

    public IReadOnlyList<T> List() => [.. _items.Values];

    public IReadOnlyCollection<ObjectKey> Keys => [.. _items.Keys];

    /// <summary>Registers an index before the informer starts; <paramref name="keysOf"/> gives an object's index values.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> keysOf)
    {
        lock (_write)
        {
            if (!_items.IsEmpty)
            {
                throw new InvalidOperationException("indexes must be added before the cache is filled");
            }

            _indexes.Add(name, new Index(keysOf));
        }
    }

    /// <summary>Objects whose <paramref name="index"/> values include <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByIndex(string index, string value)
    {
        var keys = _indexes[index].Entries.TryGetValue(value, out var set) ? set.Keys.ToList() : [];
        return [.. keys.Select(Get).OfType<T>()];
    }

    /// <summary>Stores the object and returns the previous version, if any.</summary>
    internal T? Upsert(T item)
    {
        var key = ObjectKey.Of(item);
        lock (_write)
        {
            _items.TryGetValue(key, out var previous);
            _items[key] = item;
            foreach (var index in _indexes.Values)
            {
                if (previous is not null)
                {
                    index.Remove(key, previous);
                }

                index.Add(key, item);
            }

            return previous;
        }
    }

    internal T? Remove(ObjectKey key)
    {
        lock (_write)
        {
            if (!_items.TryRemove(key, out var removed))
            {
                return null;
            }

            foreach (var index in _indexes.Values)
            {
                index.Remove(key, removed);
            }

            return removed;
        }
    }

    private sealed class Index(Func<T, IEnumerable<string>> keysOf)
    {
        public ConcurrentDictionary<string, ConcurrentDictionary<ObjectKey, byte>> Entries { get; } = new();

        public void Add(ObjectKey key, T item)
        {
            foreach (var value in keysOf(item))
            {
                Entries.GetOrAdd(value, _ => new())[key] = 0;
            }
        }

        public void Remove(ObjectKey key, T item)
        {
            foreach (var value in keysOf(item))
            {
                if (Entries.TryGetValue(value, out var set))
                {
                    set.TryRemove(key, out _);
                    if (set.IsEmpty)
                    {
                        Entries.TryRemove(value, out _);
                    }
                }
            }
        }
    }
}
