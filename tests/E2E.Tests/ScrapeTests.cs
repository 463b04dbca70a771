using System.Text.Json;
using k8s.Autorest;
using SensorStack.E2ETests.Support;

namespace SensorStack.E2ETests;

/// <summary>VictoriaMetrics really scrapes the sensor: asked through the API server's service proxy.</summary>
public class ScrapeTests : ClusterTest
{
    [Fact(Timeout = 600_000)]
    public async Task Victoria_metrics_has_the_sensor_up_and_its_cpu_spike_histogram()
    {
        var ns = await NamespaceAsync("scrape");
        await ns.CreateAsync(Stacks.New("scrape", ns.Name, "300Mi", scrapeInterval: "10s"));
        await ns.WaitReadyAsync("scrape");

        // A few scrape intervals: discovery, the first scrape, and the sample becoming queryable.
        await Eventually.UntilAsync("up == 1 for the sensor", TimeSpan.FromMinutes(2), async ct =>
        {
            var (result, state) = await TryQueryAsync(ns, "up", ct);
            var values = result?.EnumerateArray().Select(r => r.GetProperty("value")[1].GetString()).ToList() ?? [];
            return (values.Count > 0 && values.All(v => v == "1"), true, state);
        });

        var buckets = await Eventually.UntilAsync("sensor_cpu_spike_seconds buckets", TimeSpan.FromMinutes(1), async ct =>
        {
            var (result, state) = await TryQueryAsync(ns, "sensor_cpu_spike_seconds_bucket", ct);
            return (result?.GetArrayLength() > 1, result, state);
        });

        var bounds = buckets!.Value.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("le").GetString()).ToList();
        Assert.Contains("+Inf", bounds);
    }

    private static async Task<(JsonElement? Result, string State)> TryQueryAsync(TestNamespace ns, string promql, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ServiceProxy.QueryAsync(ns.Client, ns.Name, "scrape-vm", "http", promql, cancellationToken);
            return (result, $"{promql}: {result}");
        }
        catch (HttpOperationException e)
        {
            // Endpoints that are not ready yet answer 503 through the proxy: that is a state, not a failure.
            return (null, $"{promql}: proxy answered {(int)e.Response.StatusCode} {e.Response.Content}");
        }
    }
}
