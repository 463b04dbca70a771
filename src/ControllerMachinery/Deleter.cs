using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>Deletes objects the desired state no longer contains.</summary>
public sealed class Deleter(IKubernetes client, ILogger<Deleter> logger)
{
    /// <summary>
    /// Deletes with background propagation (the object's own dependents, e.g. a Deployment's
    /// ReplicaSets, are collected by the API server). Returns false when it was already gone.
    /// </summary>
    public async Task<bool> DeleteAsync(ResourceType resource, ObjectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(
                resource.Group, resource.Version, key.Namespace, resource.Plural, key.Name,
                propagationPolicy: "Background", cancellationToken: cancellationToken);
            Log.Deleted(logger, resource, key);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
