using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using SensorService.Cpu;
using SensorService.Memory;
using SensorService.Metrics;

namespace SensorService.Tests;

/// <summary>
/// An in-place resize reaches the GC: the sensor reads its cgroup limit in the background and, on a change,
/// makes the GC re-read it; sensor_gc_heap_limit_bytes then shows the heap limit the GC uses. The cgroup is a
/// fake directory; the GC is a fake that, like the runtime with GCHeapHardLimitPercent, derives its limit from
/// the cgroup file when refreshed (the real runtime is proven in the autopilot budget report).
/// </summary>
public sealed class MemoryLimitWatchTests : IDisposable
{
    private const long Mi = 1024 * 1024;

    private readonly string root = Directory.CreateTempSubdirectory("memory-watch-test-").FullName;
    private readonly string limitFile;
    private readonly FakeGc gc;

    public MemoryLimitWatchTests()
    {
        File.WriteAllText(Path.Combine(root, "cgroup.controllers"), "cpu memory\n");
        limitFile = Path.Combine(root, "memory.max");
        SetLimit(51 * Mi);
        gc = new FakeGc(() => CgroupFiles.ParseMemoryMax(File.ReadAllText(limitFile)));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void SetLimit(long? bytes) => File.WriteAllText(limitFile, bytes is { } b ? $"{b}\n" : "max\n");

    private (MemoryLimitWatcher Watcher, SensorMetrics Metrics, FakeLogger<MemoryLimitWatcher> Log) NewWatcher()
    {
        var metrics = new SensorMetrics();
        var log = new FakeLogger<MemoryLimitWatcher>();
        var watcher = new MemoryLimitWatcher(
            CgroupMemoryLimit.Detect(root, Path.Combine(root, "no-proc-self-cgroup")), gc, metrics,
            Options.Create(new MemoryLimitOptions()), TimeProvider.System, log);
        return (watcher, metrics, log);
    }

    [Fact]
    public void The_first_read_publishes_the_limits_the_process_started_with_without_a_refresh()
    {
        var (watcher, metrics, log) = NewWatcher();
        watcher.CheckOnce();

        Assert.Equal(51 * Mi, metrics.MemoryLimit.Value);
        Assert.Equal(gc.CurrentBytes, metrics.GcHeapLimit.Value);
        Assert.Equal(0, gc.Refreshes);
        Assert.Equal(0, log.Collector.Count);
    }

    [Fact]
    public void A_grown_limit_refreshes_the_gc_once_and_the_heap_limit_metric_follows()
    {
        var (watcher, metrics, log) = NewWatcher();
        watcher.CheckOnce();

        SetLimit(64 * Mi);
        watcher.CheckOnce();
        watcher.CheckOnce();

        Assert.Equal(1, gc.Refreshes);
        Assert.Equal(64 * Mi, metrics.MemoryLimit.Value);
        Assert.Equal(48 * Mi, metrics.GcHeapLimit.Value);
        Assert.Equal(64 * Mi, watcher.AppliedLimit);
        var record = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Contains($"from {51 * Mi} to {64 * Mi} bytes", record.Message, StringComparison.Ordinal);
        Assert.Contains($"-> {48 * Mi} bytes", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shrunk_limit_and_a_removed_one_are_followed_too()
    {
        var (watcher, metrics, _) = NewWatcher();
        watcher.CheckOnce();

        SetLimit(40 * Mi);
        watcher.CheckOnce();
        Assert.Equal(30 * Mi, metrics.GcHeapLimit.Value);

        SetLimit(null);
        watcher.CheckOnce();
        Assert.Equal(2, gc.Refreshes);
        Assert.Null(watcher.AppliedLimit);
        Assert.Equal(FakeGc.MachineBytes, metrics.GcHeapLimit.Value);
        Assert.DoesNotContain("\nsensor_memory_limit_bytes ", Scrape(metrics), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refresh_refused_because_too_much_is_committed_keeps_the_old_heap_limit_and_is_retried()
    {
        var (watcher, metrics, log) = NewWatcher();
        watcher.CheckOnce();
        var before = metrics.GcHeapLimit.Value;

        gc.RefuseNext = 2;
        SetLimit(32 * Mi);
        watcher.CheckOnce();
        watcher.CheckOnce();

        Assert.Equal(32 * Mi, metrics.MemoryLimit.Value);
        Assert.Equal(before, metrics.GcHeapLimit.Value);
        Assert.Equal(51 * Mi, watcher.AppliedLimit);
        var warning = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, warning.Level);

        watcher.CheckOnce();
        Assert.Equal(32 * Mi, watcher.AppliedLimit);
        Assert.Equal(24 * Mi, metrics.GcHeapLimit.Value);
        Assert.Equal(LogLevel.Information, log.LatestRecord.Level);
    }

    [Fact]
    public async Task The_running_service_follows_a_resize_on_its_own_and_exports_it()
    {
        await using var host = await SensorHost.StartAsync(
            new Dictionary<string, string>
            {
                ["Sensor:CpuSpike:CgroupRoot"] = root,
                ["Sensor:MemoryLimit:PollInterval"] = "00:00:00.050",
            },
            services => services.AddSingleton<IGcHeapLimit>(gc));

        var text = await ScrapeUntilAsync(host, "sensor_memory_limit_bytes 53477376");
        Assert.Contains($"sensor_gc_heap_limit_bytes {FakeGc.MachineBytes}", text, StringComparison.Ordinal);

        SetLimit(64 * Mi);
        text = await ScrapeUntilAsync(host, $"sensor_gc_heap_limit_bytes {48 * Mi}");
        Assert.Contains($"sensor_memory_limit_bytes {64 * Mi}", text, StringComparison.Ordinal);
        Assert.Equal(1, gc.Refreshes);
    }

    private static async Task<string> ScrapeUntilAsync(SensorHost host, string line)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string text;
        do
        {
            text = await host.Metrics.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
            if (text.Contains(line, StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"/metrics never showed '{line}'; last scrape:\n{text}");
        return text;
    }

    private static string Scrape(SensorMetrics metrics)
    {
        using var stream = new MemoryStream();
        metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A GC with GCHeapHardLimitPercent=75: until refreshed it keeps the limit it computed last; without a
    /// cgroup limit it plans against the machine's memory.</summary>
    private sealed class FakeGc(Func<long?> readCgroup) : IGcHeapLimit
    {
        public const long MachineBytes = 8L * 1024 * Mi;

        public long CurrentBytes { get; private set; } = MachineBytes;

        public int Refreshes { get; private set; }

        public int RefuseNext { get; set; }

        public void Refresh()
        {
            if (RefuseNext > 0)
            {
                RefuseNext--;
                throw new InvalidOperationException("The hard limit is too low.");
            }

            Refreshes++;
            CurrentBytes = readCgroup() is { } limit ? limit * 75 / 100 : MachineBytes;
        }
    }
}
