using Microsoft.Extensions.Options;
using SensorService.Metrics;

namespace SensorService.Memory;

/// <summary>
/// Follows the container's memory limit off the request path: every <see cref="MemoryLimitOptions.PollInterval"/>
/// it reads the cgroup limit, and when it has changed (a pod resized in place) makes the GC re-read it, so
/// the heap limit grows or shrinks with the container instead of staying at what it was at start. Exports
/// both: <c>sensor_memory_limit_bytes</c> and <c>sensor_gc_heap_limit_bytes</c>.
/// </summary>
public sealed partial class MemoryLimitWatcher(
    CgroupMemoryLimit cgroup,
    IGcHeapLimit gc,
    SensorMetrics metrics,
    IOptions<MemoryLimitOptions> options,
    TimeProvider time,
    ILogger<MemoryLimitWatcher> logger) : BackgroundService
{
    private readonly Lock checking = new();
    private bool started;
    private long? applied;
    private bool refreshFailing;

    /// <summary>The cgroup limit the GC has last been told about (null: none, or not read yet).</summary>
    public long? AppliedLimit
    {
        get
        {
            lock (checking)
            {
                return applied;
            }
        }
    }

    /// <summary>Reads the limit once and refreshes the GC on a change (the background loop calls this every interval).</summary>
    public void CheckOnce()
    {
        lock (checking)
        {
            var limit = cgroup.Read();
            Publish(limit);
            if (!started)
            {
                // The GC sized itself from this limit when the process started.
                started = true;
                applied = limit;
                metrics.GcHeapLimit.Set(gc.CurrentBytes);
                return;
            }

            if (limit == applied)
            {
                return;
            }

            var before = gc.CurrentBytes;
            try
            {
                gc.Refresh();
            }
            catch (InvalidOperationException e)
            {
                // The heap has committed more than the new limit allows. A full compacting collection
                // gives back what it can, and the next check tries again; logged once per streak.
                if (!refreshFailing)
                {
                    LogRefreshFailed(logger, applied, limit, before, e);
                }

                refreshFailing = true;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                return;
            }

            refreshFailing = false;
            var after = gc.CurrentBytes;
            metrics.GcHeapLimit.Set(after);
            LogLimitChanged(logger, applied, limit, before, after);
            applied = limit;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        CheckOnce();
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            CheckOnce();
        }
    }

    // Absent rather than 0 without a limit: an alert dividing by it then has nothing to say.
    private void Publish(long? limit)
    {
        if (limit is { } bytes)
        {
            metrics.MemoryLimit.Set(bytes);
        }
        else
        {
            metrics.MemoryLimit.Unpublish();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory limit changed from {BeforeBytes} to {AfterBytes} bytes (null: none); GC heap limit {HeapBeforeBytes} -> {HeapAfterBytes} bytes")]
    private static partial void LogLimitChanged(ILogger logger, long? beforeBytes, long? afterBytes, long heapBeforeBytes, long heapAfterBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory limit changed from {BeforeBytes} to {AfterBytes} bytes (null: none), but the GC kept its heap limit of {HeapBytes} bytes: more is committed than the new limit allows; collecting and retrying every interval")]
    private static partial void LogRefreshFailed(ILogger logger, long? beforeBytes, long? afterBytes, long heapBytes, Exception exception);
}
