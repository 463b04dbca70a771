using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControllerMachinery;

/// <summary>
/// Informers of optional resources (another project's CRD, such as a monitoring operator's): each
/// starts once API discovery finds its resource served, so a cluster without the CRD is not asked
/// to list it over and over, and one that installs the CRD later is noticed within an interval.
/// Not part of readiness: the operator works without them.
/// </summary>
public sealed class DiscoveredInformers(
    ApiDiscovery discovery, IReadOnlyList<IInformer> informers, TimeSpan interval, TimeProvider time, ILogger<DiscoveredInformers> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var waiting = informers.ToList();
        var running = new List<Task>();
        try
        {
            while (waiting.Count > 0)
            {
                foreach (var informer in waiting.ToList())
                {
                    if (await IsServedAsync(informer.Resource, stoppingToken))
                    {
                        running.Add(informer.RunAsync(stoppingToken));
                        waiting.Remove(informer);
                    }
                }

                if (waiting.Count > 0)
                {
                    await Task.Delay(interval, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping; the informers started stop with the same token.
        }

        await Task.WhenAll(running);
    }

    private async Task<bool> IsServedAsync(ResourceType resource, CancellationToken cancellationToken)
    {
        try
        {
            return await discovery.IsServedAsync(resource, cancellationToken);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
        {
            Log.DiscoveryFailed(logger, resource, ex.Message);
            return false;
        }
    }
}
