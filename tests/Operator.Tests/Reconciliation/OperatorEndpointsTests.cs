using System.Net;
using SensorOperator.Cli;
using SensorStack.FakeKubeApi;
using SensorStack.Testing;

namespace SensorOperator.Tests.Reconciliation;

/// <summary>/healthz, /readyz and /metrics of the real host, over HTTP.</summary>
public sealed class OperatorEndpointsTests
{
    [Fact]
    public async Task Ready_only_once_the_caches_have_synced_and_metrics_name_what_happened()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: ct);
        await using var host = OperatorHost.Build(new OperatorOptions { LeaderElect = false, HttpPort = 0, HttpAddress = "127.0.0.1", LogLevel = "error" }, server.ClientConfiguration());
        await host.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(OperatorHost.HttpAddresses(host)[0]) };

        // The SensorStack CRD is not installed yet: its informer cannot list, so the operator is alive but not ready.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative), ct)).StatusCode);
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct)).StatusCode);

        server.InstallCustomResourceDefinition(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "config/crds/sensorstack.io_sensorstacks.yaml"), ct));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "not ready 20 s after the CRD appeared");
            await Task.Delay(50, ct);
        }

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);
        Assert.Contains("sensor_operator_api_requests_total{verb=\"list\",code=\"404\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("sensor_operator_watch_restarts_total{resource=\"sensorstacks.sensorstack.io\",reason=\"error\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("sensor_operator_workqueue_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("sensor_operator_leader 1", metrics, StringComparison.Ordinal);
        Assert.Contains("process_working_set_bytes", metrics, StringComparison.Ordinal);

        await host.StopAsync(ct);
        await Eventually.True(() => server.OpenWatches == 0, "operator watches closed");
    }
}
