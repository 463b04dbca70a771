using Microsoft.Extensions.Hosting;

namespace SensorOperator.Kubernetes;

/// <summary>Runs informers for the life of the host (every instance, leader or not, so a new leader starts warm).</summary>
public sealed class InformersService(IReadOnlyList<IInformer> informers, Func<Task>? onStopped = null) : BackgroundService
{
    public bool HasSynced => informers.All(i => i.HasSynced);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // StartAsync runs ExecuteAsync up to its first await; yield so host start never waits on the API server.
        await Task.Yield();
        try
        {
            await Task.WhenAll(informers.Select(i => i.RunAsync(stoppingToken)));
        }
        finally
        {
            if (onStopped is not null)
            {
                await onStopped();
            }
        }
    }
}
