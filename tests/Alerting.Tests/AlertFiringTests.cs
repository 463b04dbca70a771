using System.Net;
using System.Net.Sockets;
using System.Text;
using SensorStack.AlertingTests.Support;

namespace SensorStack.AlertingTests;

/// <summary>
/// The rendered rules fire on real components: the sensor, VictoriaMetrics scraping it, vmalert
/// evaluating the rules against VictoriaMetrics and notifying a real Alertmanager. One story in
/// order, because the last step stops the sensor. Every wait is bounded; the bounds leave room for
/// a loaded 2-core machine (the alerts themselves need seconds: 1 s evaluations, for: 2s).
/// </summary>
public sealed class AlertFiringTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Idle_stays_quiet_then_cpu_load_ingest_bursts_and_a_stopped_sensor_each_fire_their_alert()
    {
        await using var stack = new AlertingStack();
        await stack.StartAsync();

        // Idle: every rule evaluates without error, and for longer than any `for` nothing is pending or firing.
        await Loopback.EventuallyAsync(stack.EvaluatedAsync, Bound, "vmalert evaluated all seven rules", stack.Logs);
        var quietUntil = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(quietUntil) < TimeSpan.FromSeconds(8))
        {
            var alerts = await stack.VmAlertAlertsAsync();
            Assert.True(alerts.Count == 0, $"at idle: {string.Join(", ", alerts)}\n{stack.Logs()}");
            await Task.Delay(500, Cancel);
        }

        // CPU: two clients posting full batches as fast as the sensor answers, above 60% of its half core.
        using (var load = CancellationTokenSource.CreateLinkedTokenSource(Cancel))
        {
            var clients = Enumerable.Range(0, 2).Select(i => IngestLoopAsync(stack, $"cpu-{i}", load.Token)).ToArray();
            await FiresEverywhereAsync(stack, "SensorCpuHigh");
            await load.CancelAsync();
            await Task.WhenAll(clients);
        }

        // Ingest: every slot held by a slow client, and one more batch is shed with 503.
        var held = new List<TcpClient>();
        using var trickle = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        try
        {
            var trickles = new List<Task>();
            for (var i = 0; i < AlertingStack.MaxConcurrentBatches; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, stack.SensorHttpPort, Cancel);
                held.Add(client);
                trickles.Add(TrickleBodyAsync(client.GetStream(), trickle.Token));
            }

            var metrics = $"http://127.0.0.1:{stack.SensorMetricsPort}/metrics";
            await Loopback.EventuallyAsync(async () => (await stack.Http.GetStringAsync(metrics, Cancel)).Contains($"\nsensor_ingest_batches_in_flight {AlertingStack.MaxConcurrentBatches}\n", StringComparison.Ordinal),
                Bound, "the slow clients hold every ingest slot", stack.Logs);
            using (var shed = await stack.Http.PostAsync($"{stack.SensorApi}/api/readings", Batch("shed"), Cancel))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);
            }

            await FiresEverywhereAsync(stack, "SensorIngestQueueHigh");
            await FiresEverywhereAsync(stack, "SensorIngestShedding");
            await trickle.CancelAsync();
            await Task.WhenAll(trickles);
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }

        // Scrape down: the sensor stops; VictoriaMetrics records up == 0.
        await stack.Sensor.StopAsync();
        await FiresEverywhereAsync(stack, "SensorScrapeDown");
    }

    /// <summary>The alert fires in vmalert, is written to VictoriaMetrics as ALERTS, and reaches the Alertmanager.</summary>
    private static async Task FiresEverywhereAsync(AlertingStack stack, string alert)
    {
        var took = await Loopback.EventuallyAsync(async () => (await stack.VmAlertAlertsAsync()).Contains((alert, "firing")),
            Bound, $"{alert} firing in vmalert's /api/v1/alerts", stack.Logs);
        TestContext.Current.SendDiagnosticMessage($"{alert} fired in vmalert after {took.TotalSeconds:0.0}s");
        await Loopback.EventuallyAsync(async () => (await stack.QueryAsync($"ALERTS{{alertname=\"{alert}\",alertstate=\"firing\",sensorstack=\"{AlertingStack.Name}\"}}")).GetArrayLength() > 0,
            Bound, $"{alert} as a firing ALERTS series in VictoriaMetrics", stack.Logs);
        await Loopback.EventuallyAsync(async () => await stack.AlertmanagerAlertsAsync(alert) > 0,
            Bound, $"{alert} received by the Alertmanager", stack.Logs);
    }

    private static async Task IngestLoopAsync(AlertingStack stack, string prefix, CancellationToken stop)
    {
        var body = BatchJson(prefix);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await stack.Http.PostAsync($"{stack.SensorApi}/api/readings", content, stop);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// A chunked POST whose body never completes: whitespace (valid inside JSON) a few times a second,
    /// fast enough for Kestrel's minimum request body rate, so the sensor keeps its slot taken.
    /// </summary>
    private static async Task TrickleBodyAsync(NetworkStream stream, CancellationToken stop)
    {
        var head = "POST /api/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n[\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop);
        var chunk = Encoding.ASCII.GetBytes($"40\r\n{new string(' ', 64)}\r\n");
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await stream.WriteAsync(chunk, stop);
                await Task.Delay(100, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // released by the test: the connection is closed with the body unfinished
        }
    }

    private static StringContent Batch(string prefix) => new(BatchJson(prefix), Encoding.UTF8, "application/json");

    private static string BatchJson(string prefix) =>
        "[" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $$"""{"sensorId":"{{prefix}}-{{i % 200}}","value":{{20 + i % 7}}.5}""")) + "]";
}
