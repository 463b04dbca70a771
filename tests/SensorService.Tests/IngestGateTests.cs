using System.Net;
using System.Text;
using System.Threading.RateLimiting;
using SensorService.Storage;

namespace SensorService.Tests;

public sealed class IngestGateTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batches_beyond_the_concurrent_limit_get_503_with_retry_after_and_the_service_recovers()
    {
        await using var host = await SensorHost.StartAsync(new Dictionary<string, string>
        {
            ["Sensor:MaxConcurrentBatches"] = "2",
            ["Sensor:RateLimit:PermitLimit"] = "0",
        });
        var gate = host.Get<ConcurrencyLimiter>();
        long InFlight() => 2 - gate.GetStatistics()!.CurrentAvailablePermits;
        var store = host.Get<ReadingStore>();

        // Two clients send half a batch and stall: both hold a place while their bodies arrive.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Enumerable.Range(0, 2)
            .Select(i => host.Api.PostAsync("/api/readings", new StalledBody(Batch($"held-{i}", 1000), release.Task), Cancel))
            .ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (InFlight() < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, Cancel);
        }

        Assert.Equal(2, InFlight());
        var during = await host.Metrics.GetStringAsync("/metrics", Cancel);
        Assert.Contains("sensor_ingest_batches_in_flight 2", during, StringComparison.Ordinal);
        Assert.Contains("sensor_ingest_batches_limit 2", during, StringComparison.Ordinal);

        // A third full batch is turned away before its body is read, and nothing of it is stored.
        var rejected = await host.PostJsonAsync(Batch("burst", 1000));
        var problem = await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("1", Assert.Single(rejected.Headers.GetValues("Retry-After")));
        Assert.Contains("retry after", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, store.AcceptedTotal);

        // The held batches complete; their places are free again for the next one.
        release.SetResult();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        Assert.Equal(0, InFlight());
        Assert.Equal(HttpStatusCode.Accepted, (await host.PostJsonAsync(Batch("after", 1000))).StatusCode);
        Assert.Equal(3000, store.AcceptedTotal);
        var metrics = await host.Metrics.GetStringAsync("/metrics", Cancel);
        Assert.Contains("sensor_requests_rejected_total{reason=\"overloaded\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("sensor_ingest_batches_in_flight 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_that_fails_validation_gives_its_place_back()
    {
        await using var host = await SensorHost.StartAsync(new Dictionary<string, string>
        {
            ["Sensor:MaxConcurrentBatches"] = "1",
            ["Sensor:RateLimit:PermitLimit"] = "0",
        });

        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostJsonAsync("[{\"sensorId\":\"t\"")).StatusCode);
        Assert.Equal(1, host.Get<ConcurrencyLimiter>().GetStatistics()!.CurrentAvailablePermits);
        Assert.Equal(HttpStatusCode.Accepted, (await host.PostJsonAsync(Batch("t", 10))).StatusCode);
    }

    private static string Batch(string prefix, int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"sensorId":"{{prefix}}-{{i}}","value":{{i}}.5}""")) + "]";

    /// <summary>A chunked JSON body that sends its first half, then waits before sending the rest.</summary>
    private sealed class StalledBody : HttpContent
    {
        private readonly byte[] bytes;
        private readonly Task release;

        public StalledBody(string json, Task release)
        {
            bytes = Encoding.UTF8.GetBytes(json);
            this.release = release;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = bytes.Length / 2;
            await stream.WriteAsync(bytes.AsMemory(0, half));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
