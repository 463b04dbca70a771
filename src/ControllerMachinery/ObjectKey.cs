using k8s;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>The identity of a namespaced object: the work queue's key and the cache's index.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";

    public static ObjectKey Of(IMetadata<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new(obj.Metadata?.NamespaceProperty ?? "", obj.Metadata?.Name ?? "");
    }
}
