using System.Diagnostics;
using Prometheus;

namespace SensorService.Metrics;

/// <summary>
/// Process memory, CPU and GC essentials under the names prometheus-net's DotNetStats uses, but
/// refreshed by the background stats loop instead of on every scrape: DotNetStats refreshes a
/// Process object per scrape (and enumerates threads and handles), which made /metrics the
/// slowest endpoint of the service.
/// </summary>
public sealed class ProcessMetrics
{
    private readonly Process process = Process.GetCurrentProcess();
    private readonly Gauge workingSet;
    private readonly Gauge privateMemory;
    private readonly Gauge virtualMemory;
    private readonly Counter cpuSeconds;
    private readonly Gauge totalMemory;
    private readonly Counter collections;
    private readonly Counter.Child[] collectionsByGeneration;

    public ProcessMetrics(IMetricFactory factory)
    {
        var startTime = factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.");
        startTime.Set((process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
        workingSet = factory.CreateGauge("process_working_set_bytes", "Process working set (resident memory).");
        privateMemory = factory.CreateGauge("process_private_memory_bytes", "Process private memory size.");
        virtualMemory = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        cpuSeconds = factory.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        totalMemory = factory.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory of the managed heap.");
        collections = factory.CreateCounter("dotnet_collection_count_total", "GC collection count.", ["generation"]);
        collectionsByGeneration = [.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => collections.WithLabels(g.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        Update();
    }

    /// <summary>Reads the current values (a few /proc reads); called from a background loop.</summary>
    public void Update()
    {
        process.Refresh();
        workingSet.Set(process.WorkingSet64);
        privateMemory.Set(process.PrivateMemorySize64);
        virtualMemory.Set(process.VirtualMemorySize64);
        cpuSeconds.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
        totalMemory.Set(GC.GetTotalMemory(forceFullCollection: false));
        for (var generation = 0; generation < collectionsByGeneration.Length; generation++)
        {
            collectionsByGeneration[generation].IncTo(GC.CollectionCount(generation));
        }
    }
}
