using System.Globalization;

namespace SensorStack.BudgetReport.Autopilot;

/// <summary>The sensor's own view of its memory: the cgroup limit it read and the heap limit its GC now uses.</summary>
internal sealed record SensorLimitMetrics(long? CgroupLimit, long? GcHeapLimit)
{
    public static SensorLimitMetrics Unanswered { get; } = new(null, null);

    /// <summary>Reads sensor_memory_limit_bytes and sensor_gc_heap_limit_bytes from a Prometheus text exposition.</summary>
    public static SensorLimitMetrics Parse(string exposition)
    {
        long? limit = null, heap = null;
        foreach (var line in exposition.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            if (parts[0] == "sensor_memory_limit_bytes")
            {
                limit = (long)value;
            }
            else if (parts[0] == "sensor_gc_heap_limit_bytes")
            {
                heap = (long)value;
            }
        }

        return new SensorLimitMetrics(limit, heap);
    }
}
