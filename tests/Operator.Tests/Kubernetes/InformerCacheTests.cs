using k8s.Models;
using ControllerMachinery;

namespace SensorOperator.Tests.Kubernetes;

public sealed class InformerCacheTests
{
    private static V1ConfigMap Owned(string name, string? ownerUid, string? instance = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            ResourceVersion = Guid.NewGuid().ToString(),
            Labels = instance is null ? null : new Dictionary<string, string> { ["app.kubernetes.io/instance"] = instance },
            OwnerReferences = ownerUid is null ? null : [new V1OwnerReference { Uid = ownerUid, Controller = true, Name = "owner", Kind = "X", ApiVersion = "v1" }],
        },
    };

    [Fact]
    public void The_owner_index_follows_adds_updates_and_removals()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex(CacheIndexes.ControllerUid, CacheIndexes.ByControllerUid);

        cache.Upsert(Owned("a", "uid-1"));
        cache.Upsert(Owned("b", "uid-1"));
        cache.Upsert(Owned("c", "uid-2"));
        cache.Upsert(Owned("d", null));
        Assert.Equal(["a", "b"], cache.ByIndex(CacheIndexes.ControllerUid, "uid-1").Select(c => c.Metadata.Name).Order());

        cache.Upsert(Owned("b", "uid-2")); // re-owned: moves between index entries
        cache.Remove(new ObjectKey("ns", "a"));
        Assert.Empty(cache.ByIndex(CacheIndexes.ControllerUid, "uid-1"));
        Assert.Equal(["b", "c"], cache.ByIndex(CacheIndexes.ControllerUid, "uid-2").Select(c => c.Metadata.Name).Order());
        Assert.Equal(4 - 1, cache.Count);
    }

    [Fact]
    public void A_label_index_is_scoped_to_the_namespace()
    {
        var cache = new InformerCache<V1ConfigMap>();
        cache.AddIndex("instance", CacheIndexes.ByLabel("app.kubernetes.io/instance"));
        cache.Upsert(Owned("p1", null, "demo"));

        Assert.Single(cache.ByIndex("instance", "ns/demo"));
        Assert.Empty(cache.ByIndex("instance", "other/demo"));
        Assert.Throws<InvalidOperationException>(() => cache.AddIndex("late", _ => []));
    }
}
