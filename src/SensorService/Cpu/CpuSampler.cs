using Microsoft.Extensions.Options;
using SensorService.Metrics;

namespace SensorService.Cpu;

/// <summary>
/// Samples CPU use every <see cref="CpuSpikeOptions.SampleInterval"/>, exports it as a fraction of
/// the CPU limit, and records each spike's duration in <c>sensor_cpu_spike_seconds</c>. A spike
/// still open when the service stops is recorded up to its last sample.
/// </summary>
public sealed partial class CpuSampler(
    ICpuUsageSource source,
    SensorMetrics metrics,
    IOptions<CpuSpikeOptions> options,
    TimeProvider time,
    ILogger<CpuSampler> logger) : BackgroundService
{
    private readonly SpikeDetector detector = new(options.Value.Threshold);
    private readonly Lock sampling = new();
    private readonly long origin = time.GetTimestamp();
    private long? lastTimestamp;
    private TimeSpan lastUsed;
    private bool failing;
    private long samplesTaken;

    public SpikeDetector Detector => detector;

    /// <summary>Successful samples so far (the first one only sets the baseline).</summary>
    public long SamplesTaken => Interlocked.Read(ref samplesTaken);

    /// <summary>Takes one sample now (the background loop calls this every interval).</summary>
    public void SampleOnce()
    {
        lock (sampling)
        {
            var now = time.GetTimestamp();
            CpuReading reading;
            try
            {
                reading = source.Read();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Logged once per failure streak; the missing interval ends any open spike.
                if (!failing)
                {
                    LogReadFailed(logger, source.Description, e);
                }

                failing = true;
                lastTimestamp = null;
                return;
            }

            failing = false;
            Interlocked.Increment(ref samplesTaken);
            metrics.CpuLimitCores.Set(reading.LimitCores);
            if (lastTimestamp is { } previous)
            {
                var elapsed = time.GetElapsedTime(previous, now);
                if (elapsed > TimeSpan.Zero && reading.LimitCores > 0)
                {
                    var used = (reading.Used - lastUsed).Ticks;
                    var fraction = used / (elapsed.Ticks * reading.LimitCores);
                    metrics.CpuUsageRatio.Set(fraction);
                    Record(detector.Observe(time.GetElapsedTime(origin, previous), time.GetElapsedTime(origin, now), fraction));
                }
            }

            lastTimestamp = now;
            lastUsed = reading.Used;
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.CpuSpikeThreshold.Set(detector.Threshold);
        LogSource(logger, source.Description, detector.Threshold);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        lock (sampling)
        {
            Record(detector.Close());
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SampleOnce();
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            SampleOnce();
        }
    }

    private void Record(TimeSpan? spike)
    {
        if (spike is { } duration)
        {
            metrics.CpuSpikeSeconds.Observe(duration.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CPU spikes: measuring {Source}, threshold {Threshold}")]
    private static partial void LogSource(ILogger logger, string source, double threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading CPU use from {Source} failed; retrying every sample")]
    private static partial void LogReadFailed(ILogger logger, string source, Exception exception);
}
