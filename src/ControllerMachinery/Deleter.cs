using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>Deletes objects the desired state no longer contains.</summary>
public sealed class Deleter(KubeApiClient api, ILogger<Deleter> logger)
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
            await api.DeleteAsync(resource, key, new DeleteOptions { PropagationPolicy = "Background" }, cancellationToken);
            Log.Deleted(logger, resource, key);
            return true;
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }
}
