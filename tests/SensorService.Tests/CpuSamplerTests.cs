using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using SensorService.Cpu;
using SensorService.Metrics;

namespace SensorService.Tests;

public sealed class CpuSamplerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider time = new();
    private readonly ScriptedCpu cpu = new();
    private readonly SensorMetrics metrics = new();

    private CpuSampler NewSampler(double threshold = 0.6) => new(
        cpu,
        metrics,
        Options.Create(new CpuSpikeOptions { Threshold = threshold, SampleInterval = Interval }),
        time,
        NullLogger<CpuSampler>.Instance);

    /// <summary>Advances the clock one interval in which <paramref name="cpuSeconds"/> of CPU were used, then samples.</summary>
    private void Step(CpuSampler sampler, double cpuSeconds)
    {
        time.Advance(Interval);
        cpu.Used += TimeSpan.FromSeconds(cpuSeconds);
        sampler.SampleOnce();
    }

    [Fact]
    public void A_spike_is_recorded_with_its_exact_duration_when_it_ends()
    {
        var sampler = NewSampler();
        sampler.SampleOnce();
        Step(sampler, 0.05);   // 20 % of one core
        Step(sampler, 0.2);    // 80 %
        Step(sampler, 0.25);   // 100 %
        Step(sampler, 0.175);  // 70 %
        Assert.Equal(0, metrics.CpuSpikeSeconds.Count);

        Step(sampler, 0.1);    // 40 %: the spike of three intervals ends

        Assert.Equal(1, metrics.CpuSpikeSeconds.Count);
        Assert.Equal(0.75, metrics.CpuSpikeSeconds.Sum);
        Assert.Equal(0.4, metrics.CpuUsageRatio.Value, 12);
    }

    [Fact]
    public void Usage_is_measured_against_the_cpu_limit_and_the_threshold_itself_is_no_spike()
    {
        cpu.LimitCores = 2;
        var sampler = NewSampler();
        sampler.SampleOnce();
        Step(sampler, 0.3);    // 0.3 s of 0.5 core-seconds: exactly 0.60
        Step(sampler, 0.3);
        Step(sampler, 0.0);
        Assert.Equal(0, metrics.CpuSpikeSeconds.Count);
        Assert.Equal(2, metrics.CpuLimitCores.Value);

        Step(sampler, 0.3 + 1e-6); // just above
        Step(sampler, 0.0);
        Assert.Equal(1, metrics.CpuSpikeSeconds.Count);
        Assert.Equal(0.25, metrics.CpuSpikeSeconds.Sum);
    }

    [Fact]
    public async Task A_spike_still_open_at_shutdown_is_recorded()
    {
        var sampler = NewSampler();
        sampler.SampleOnce();
        Step(sampler, 0.0);
        Step(sampler, 0.2);
        Step(sampler, 0.2);
        Assert.True(sampler.Detector.InSpike);

        await sampler.StopAsync(CancellationToken.None);

        Assert.Equal(1, metrics.CpuSpikeSeconds.Count);
        Assert.Equal(0.5, metrics.CpuSpikeSeconds.Sum);
    }

    [Fact]
    public async Task Long_spikes_land_in_the_buckets_for_minutes()
    {
        var sampler = NewSampler();
        sampler.SampleOnce();
        for (var i = 0; i < 130 * 4; i++)
        {
            Step(sampler, 0.25);
        }

        Step(sampler, 0);

        Assert.Equal(130, metrics.CpuSpikeSeconds.Sum);
        var text = await ExportAsync();
        Assert.Contains("sensor_cpu_spike_seconds_bucket{le=\"120\"} 0", text);
        Assert.Contains("sensor_cpu_spike_seconds_bucket{le=\"300\"} 1", text);
    }

    [Fact]
    public void A_failed_read_ends_the_spike_and_sampling_resumes_afterwards()
    {
        var sampler = NewSampler();
        sampler.SampleOnce();
        Step(sampler, 0.25);
        cpu.Failure = new IOException("cpu.stat vanished");
        Step(sampler, 0.25);
        Assert.Equal(0, metrics.CpuSpikeSeconds.Count); // the gap is noticed by the next good sample

        cpu.Failure = null;
        Step(sampler, 0.25); // first good sample again: a new baseline, no interval yet
        Step(sampler, 0.25);
        Assert.Equal(1, metrics.CpuSpikeSeconds.Count);
        Assert.Equal(0.25, metrics.CpuSpikeSeconds.Sum);
        Assert.True(sampler.Detector.InSpike);
    }

    private async Task<string> ExportAsync()
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class ScriptedCpu : ICpuUsageSource
    {
        public TimeSpan Used { get; set; }

        public double LimitCores { get; set; } = 1;

        public Exception? Failure { get; set; }

        public string Description => "scripted";

        public CpuReading Read() => Failure is null ? new CpuReading(Used, LimitCores) : throw Failure;
    }
}
