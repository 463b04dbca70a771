using k8s;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>
/// Trims objects before an informer caches them (controller-runtime's cache transforms): a cache
/// holds every watched object for the life of the process, so fields nobody reads are memory the
/// operator pays for per object, all the time.
/// </summary>
public static class CacheTransforms
{
    /// <summary>Client-side apply's copy of the whole object, kept in an annotation by kubectl.</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>
    /// Removes <c>metadata.managedFields</c> (server-side apply's field ownership: often larger than
    /// the object's spec, and only the API server uses it) and kubectl's last-applied annotation.
    /// Every informer applies this; nothing in a controller reads either.
    /// </summary>
    public static T StripUnreadMetadata<T>(T item)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
            if (metadata.Annotations is { } annotations && annotations.Remove(LastAppliedAnnotation) && annotations.Count == 0)
            {
                metadata.Annotations = null;
            }
        }

        return item;
    }
}
