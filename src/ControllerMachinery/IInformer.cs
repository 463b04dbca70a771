using k8s;
using k8s.Models;

namespace ControllerMachinery;

/// <summary>What the host needs of any informer: run it, and know when its cache is complete.</summary>
public interface IInformer
{
    ResourceType Resource { get; }

    /// <summary>True once the first full list has been loaded into the cache.</summary>
    bool HasSynced { get; }

    /// <summary>Raised after any add, update or delete with the object as it now is (or was, when deleted).</summary>
    event Action<IKubernetesObject<V1ObjectMeta>>? Changed;

    /// <summary>Raised for each version of an object that could not be read into its model (and was skipped).</summary>
    event Action<UnreadableObject>? Unreadable;

    /// <summary>Lists, then watches, until cancelled; never returns early on API errors.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
