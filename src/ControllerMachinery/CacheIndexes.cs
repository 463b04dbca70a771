using k8s;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>Index functions commonly wanted on informer caches.</summary>
public static class CacheIndexes
{
    public const string ControllerUid = "controller-uid";

    /// <summary>The UID of the object's controller (the ownerReference with controller: true).</summary>
    public static IEnumerable<string> ByControllerUid(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata?.OwnerReferences?.Where(r => r.Controller == true && r.Uid is not null).Select(r => r.Uid) ?? [];
    }

    /// <summary>namespace/value of one label, for finding e.g. all pods of one app instance.</summary>
    public static Func<IKubernetesObject<V1ObjectMeta>, IEnumerable<string>> ByLabel(string label) =>
        obj => obj.Metadata?.Labels is { } labels && labels.TryGetValue(label, out var value)
            ? [$"{obj.Metadata.NamespaceProperty}/{value}"]
            : [];
}
