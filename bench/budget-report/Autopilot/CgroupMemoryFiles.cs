using System.Globalization;

namespace SensorStack.BudgetReport.Autopilot;

/// <summary>The cgroup memory controller's version, and the file names that differ between them.</summary>
internal enum CgroupVersion
{
    V1,
    V2,
}

/// <summary>
/// Pure parsers of a component cgroup's memory files, as the script's sampler reads them: the working set
/// is usage minus inactive file pages (what metrics-server reports, so what the operator's autopilot sees),
/// OOM kills the kernel's own counter.
/// </summary>
internal static class CgroupMemoryFiles
{
    public static string LimitFile(CgroupVersion version) => version == CgroupVersion.V2 ? "memory.max" : "memory.limit_in_bytes";

    public static string UsageFile(CgroupVersion version) => version == CgroupVersion.V2 ? "memory.current" : "memory.usage_in_bytes";

    public static string OomFile(CgroupVersion version) => version == CgroupVersion.V2 ? "memory.events" : "memory.oom_control";

    /// <summary>usage (memory.current / memory.usage_in_bytes) minus inactive_file (v1: total_inactive_file), never below 0.</summary>
    public static long WorkingSet(CgroupVersion version, string usage, string stat)
    {
        var bytes = long.Parse(usage.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        var inactive = Field(stat, version == CgroupVersion.V2 ? "inactive_file" : "total_inactive_file") ?? 0;
        return Math.Max(0, bytes - inactive);
    }

    /// <summary>The oom_kill counter of memory.events (v2) or memory.oom_control (v1); 0 on kernels without it.</summary>
    public static int OomKills(string content) => (int)(Field(content, "oom_kill") ?? 0);

    private static long? Field(string content, string key)
    {
        foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key)
            {
                return long.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
