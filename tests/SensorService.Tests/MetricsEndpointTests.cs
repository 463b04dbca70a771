using System.Diagnostics;
using System.Net;
using SensorService.Stats;
using SensorStack.Testing;

namespace SensorService.Tests;

public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private SensorHost host = null!;

    public async ValueTask InitializeAsync() => host = await SensorHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_are_served_only_on_the_metrics_port_and_nothing_else_is()
    {
        Assert.Equal(HttpStatusCode.OK, (await host.Metrics.GetAsync("/metrics", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Api.GetAsync("/metrics", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Metrics.GetAsync("/healthz", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Metrics.GetAsync("/api/stats", Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_exposition_has_the_spike_histogram_and_no_noisy_default_collectors()
    {
        var text = await host.Metrics.GetStringAsync("/metrics", Cancel);

        foreach (var bucket in new[] { "0.25", "0.5", "1", "2", "5", "10", "30", "60", "120", "300", "+Inf" })
        {
            Assert.Contains($"sensor_cpu_spike_seconds_bucket{{le=\"{bucket}\"}}", text);
        }

        Assert.Contains("process_working_set_bytes", text);
        Assert.Contains("process_cpu_seconds_total", text);
        Assert.Contains("dotnet_collection_count_total", text);
        Assert.DoesNotContain("microsoft_aspnetcore", text);
        Assert.DoesNotContain("prometheus_net_", text);
        Assert.DoesNotContain("system_runtime", text);
        var series = text.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.InRange(series, 30, 80);
    }

    [Fact]
    public async Task The_exposition_passes_promtool_check_metrics()
    {
        var promtool = RequiredTool.Find("promtool");
        await host.PostJsonAsync("""[{"sensorId":"a","value":1},{"sensorId":"b","value":2}]""");
        await host.PostJsonAsync("not json");
        host.Get<StatsAggregator>().Refresh();
        var text = await host.Metrics.GetStringAsync("/metrics", Cancel);
        Assert.Contains("sensor_readings_accepted_total 2", text);

        var start = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(Cancel) + await process.StandardError.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel);

        Assert.True(process.ExitCode == 0 && output.Trim().Length == 0, $"promtool exit {process.ExitCode}: {output}");
    }
}
