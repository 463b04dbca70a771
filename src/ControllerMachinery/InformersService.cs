using Microsoft.Extensions.Hosting;

namespace ControllerMachinery;

/// <summary>Runs informers for the life of the host (every instance, leader or not, so a new leader starts warm).</summary>
public sealed class InformersService(IReadOnlyList<IInformer> informers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // StartAsync runs ExecuteAsync up to its first await; yield so host start never waits on the API server.
        await Task.Yield();
        await Task.WhenAll(informers.Select(i => i.RunAsync(stoppingToken)));
    }
}
