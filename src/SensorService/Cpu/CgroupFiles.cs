using System.Globalization;

namespace SensorService.Cpu;

/// <summary>Parsers of the cgroup files that hold a CPU limit or CPU usage. Pure: text in, values out.</summary>
public static class CgroupFiles
{
    /// <summary>cgroup v2 <c>cpu.max</c>: "QUOTA PERIOD" in microseconds, or "max PERIOD" for no limit.
    /// Returns the limit in cores, or null when unlimited.</summary>
    public static double? ParseCpuMax(string content)
    {
        var parts = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2)
        {
            throw new FormatException($"cpu.max '{content.Trim()}' is not 'QUOTA PERIOD'");
        }

        if (parts[0] == "max")
        {
            return null;
        }

        double period = parts.Length == 2 ? ParsePositive(parts[1], "cpu.max period") : 100_000;
        return ParsePositive(parts[0], "cpu.max quota") / period;
    }

    /// <summary>cgroup v1 <c>cpu.cfs_quota_us</c> / <c>cpu.cfs_period_us</c>; quota -1 means unlimited.</summary>
    public static double? ParseCfsQuota(string quota, string period)
    {
        var q = long.Parse(quota.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (q < 0)
        {
            return null;
        }

        return q / (double)ParsePositive(period.Trim(), "cpu.cfs_period_us");
    }

    /// <summary>cgroup v2 <c>memory.max</c>: bytes, or "max" for no limit (null).</summary>
    public static long? ParseMemoryMax(string content)
    {
        var text = content.Trim();
        return text == "max" ? null : ParsePositive(text, "memory.max");
    }

    /// <summary>
    /// cgroup v1 <c>memory.limit_in_bytes</c>. No limit reads as the kernel's PAGE_COUNTER_MAX in
    /// bytes (about 2^63 rounded down to a page), so anything from 2^62 up means unlimited (null).
    /// </summary>
    public static long? ParseMemoryLimitInBytes(string content)
    {
        var bytes = ParsePositive(content.Trim(), "memory.limit_in_bytes");
        return bytes >= 1L << 62 ? null : bytes;
    }

    /// <summary>cgroup v2 <c>cpu.stat</c>: the <c>usage_usec</c> line.</summary>
    public static TimeSpan ParseCpuStatUsage(string content)
    {
        foreach (var line in content.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == "usage_usec")
            {
                return TimeSpan.FromMicroseconds(long.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture));
            }
        }

        throw new FormatException("cpu.stat has no usage_usec line");
    }

    /// <summary>cgroup v1 <c>cpuacct.usage</c>: nanoseconds.</summary>
    public static TimeSpan ParseCpuacctUsage(string content) =>
        TimeSpan.FromTicks(long.Parse(content.Trim(), NumberStyles.None, CultureInfo.InvariantCulture) / 100);

    /// <summary>
    /// The process's cgroup path for a controller, from <c>/proc/self/cgroup</c>: the "0::PATH"
    /// line for v2 (<paramref name="controller"/> null), else the v1 line listing the controller.
    /// </summary>
    public static string? FindPath(string procSelfCgroup, string? controller)
    {
        foreach (var line in procSelfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(':', 3);
            if (fields.Length != 3)
            {
                continue;
            }

            var matches = controller is null
                ? fields[0] == "0" && fields[1].Length == 0
                : fields[1].Split(',').Contains(controller, StringComparer.Ordinal);
            if (matches)
            {
                return fields[2].Trim();
            }
        }

        return null;
    }

    private static long ParsePositive(string text, string what)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new FormatException($"{what} '{text}' is not a positive whole number");
        }

        return value;
    }
}
