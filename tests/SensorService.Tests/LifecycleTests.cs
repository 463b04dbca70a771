using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;

namespace SensorService.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Stopping_ends_readiness_first_and_finishes_well_within_the_shutdown_timeout()
    {
        var host = await SensorHost.StartAsync();
        var lifetime = host.Get<IHostApplicationLifetime>();
        var api = host.Api.BaseAddress!;
        var readyWhileStopping = new TaskCompletionSource<int>();

        // Kestrel still answers while ApplicationStopping runs: that is when Kubernetes must be
        // told to stop routing traffic here.
        lifetime.ApplicationStopping.Register(() =>
        {
            using var client = new HttpClient { BaseAddress = api };
            readyWhileStopping.SetResult((int)client.GetAsync("/readyz").GetAwaiter().GetResult().StatusCode);
        });

        var clock = Stopwatch.StartNew();
        await host.DisposeAsync();

        Assert.Equal(503, await readyWhileStopping.Task);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"stopping took {clock.Elapsed}");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync("127.0.0.1", api.Port, TestContext.Current.CancellationToken));
    }
}
