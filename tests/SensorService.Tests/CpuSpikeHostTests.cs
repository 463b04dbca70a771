using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SensorService.Cpu;
using SensorService.Metrics;

namespace SensorService.Tests;

/// <summary>The spike histogram through the real host: injected clock and CPU source, /metrics, shutdown.</summary>
public sealed class CpuSpikeHostTests
{
    [Fact]
    public async Task Spikes_reach_metrics_and_a_spike_open_at_shutdown_is_recorded_on_stop()
    {
        var time = new FakeTimeProvider();
        var cpu = new ManualCpu();
        var host = await SensorHost.StartAsync(
            new Dictionary<string, string>
            {
                ["Sensor:CpuSpike:Threshold"] = "0.5",
                // The loop would tick only after a fake minute: the test takes the samples itself.
                ["Sensor:CpuSpike:SampleInterval"] = "00:01:00",
            },
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton<ICpuUsageSource>(cpu);
            });
        var sampler = host.Get<CpuSampler>();
        var metrics = host.Get<SensorMetrics>();

        // ExecuteAsync runs on the thread pool: wait for its first (baseline) sample, so that every
        // later sample is one the test took at a known fake time.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sampler.SamplesTaken == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, sampler.SamplesTaken);
        void Step(double cpuSeconds)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            cpu.Used += TimeSpan.FromSeconds(cpuSeconds);
            sampler.SampleOnce();
        }

        Step(0.2); // 80 % of one core: a spike starts
        Step(0.0); // it ends after 0.25 s
        var text = await host.Metrics.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.True(text.Contains("sensor_cpu_spike_seconds_bucket{le=\"0.25\"} 1", StringComparison.Ordinal), string.Join("\n", text.Split('\n').Where(l => l.StartsWith("sensor_cpu", StringComparison.Ordinal))));
        Assert.Contains("sensor_cpu_spike_threshold_ratio 0.5", text);
        Assert.Contains("sensor_cpu_limit_cores 1", text);

        Step(0.2);
        Step(0.2);
        Step(0.2); // open for 0.75 s when the service stops
        await host.DisposeAsync();

        Assert.Equal(2, metrics.CpuSpikeSeconds.Count);
        Assert.Equal(1.0, metrics.CpuSpikeSeconds.Sum);
    }

    private sealed class ManualCpu : ICpuUsageSource
    {
        public TimeSpan Used { get; set; }

        public string Description => "test";

        public CpuReading Read() => new(Used, 1);
    }
}
