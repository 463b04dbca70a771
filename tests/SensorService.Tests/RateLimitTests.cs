using System.Net;
using SensorService.Storage;

namespace SensorService.Tests;

public sealed class RateLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_over_the_limit_get_429_with_retry_after_and_store_nothing()
    {
        await using var host = await SensorHost.StartAsync(new Dictionary<string, string>
        {
            ["Sensor:RateLimit:PermitLimit"] = "3",
            ["Sensor:RateLimit:Window"] = "00:01:00",
        });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await host.PostJsonAsync($$"""{"sensorId":"t","value":{{i}}}""")).StatusCode);
        }

        var rejected = await host.PostJsonAsync("""{"sensorId":"t","value":99}""");

        var problem = await ProblemAssert.IsProblemAsync(rejected, (HttpStatusCode)429);
        var retryAfter = Assert.Single(rejected.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Contains("retry after", problem.GetProperty("detail").GetString());
        Assert.Equal(3, host.Get<ReadingStore>().AcceptedTotal);
        Assert.Equal((HttpStatusCode)429, (await host.Api.GetAsync("/api/readings?sensorId=t", Cancel)).StatusCode);

        // Health, readiness and metrics are never rate limited: probes and scrapes must get through.
        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync("/healthz", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.GetAsync("/readyz", Cancel)).StatusCode);
        var metrics = await host.Metrics.GetStringAsync("/metrics", Cancel);
        Assert.Contains("sensor_requests_rejected_total{reason=\"rate_limited\"} 2", metrics);
    }

    [Fact]
    public async Task A_permit_limit_of_zero_turns_rate_limiting_off()
    {
        await using var host = await SensorHost.StartAsync(new Dictionary<string, string> { ["Sensor:RateLimit:PermitLimit"] = "0" });

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await host.PostJsonAsync($$"""{"sensorId":"t","value":{{i}}}""")).StatusCode);
        }
    }
}
