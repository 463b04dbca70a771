using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>
/// Answers "does the cluster serve this resource?" from API discovery, remembering the answer for
/// a while so that a CRD installed (or removed) later is noticed without asking on every reconcile.
/// </summary>
public sealed class ApiDiscovery(KubeApiClient api, TimeProvider time, ILogger<ApiDiscovery> logger, TimeSpan? recheckEvery = null)
{
    private readonly TimeSpan _recheck = recheckEvery ?? TimeSpan.FromMinutes(1);
    private readonly Dictionary<ResourceType, (bool Served, DateTimeOffset CheckedAt)> _answers = [];
    private readonly Lock _gate = new();

    public async Task<bool> IsServedAsync(ResourceType resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (_gate)
        {
            if (_answers.TryGetValue(resource, out var known) && time.GetUtcNow() - known.CheckedAt < _recheck)
            {
                return known.Served;
            }
        }

        bool served;
        try
        {
            var list = await api.GetResourcesAsync(resource.Group, resource.Version, cancellationToken);
            served = list.Resources?.Any(r => r.Name == resource.Plural) == true;
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            served = false;
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
        {
            // A failed re-check says nothing new: keep the last answer (and ask again next time).
            lock (_gate)
            {
                if (_answers.TryGetValue(resource, out var last))
                {
                    return last.Served;
                }
            }

            throw;
        }

        lock (_gate)
        {
            var changed = !_answers.TryGetValue(resource, out var before) || before.Served != served;
            _answers[resource] = (served, time.GetUtcNow());
            if (changed)
            {
                Log.DiscoveryChanged(logger, resource, served ? "served" : "not served");
            }
        }

        return served;
    }
}
