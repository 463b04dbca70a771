using System.Globalization;
using System.Text.RegularExpressions;

namespace SensorStack.Bench.Operator;

/// <summary>
/// Where a process's resident memory is at one moment: anonymous (heap, GC heap, stacks,
/// NativeAOT's rehydrated type data, JIT code) against file-backed pages (the binary, the
/// framework's and libraries' code mapped from disk), from <c>/proc/PID/smaps_rollup</c>;
/// plus what the managed heap holds, from the operator's own <c>dotnet_total_memory_bytes</c>.
/// </summary>
internal sealed partial record MemorySample(long RssBytes, long AnonymousBytes, long FileBytes, long? GcHeapBytes)
{
    /// <param name="rollup">Text of /proc/PID/smaps_rollup (kB figures).</param>
    /// <param name="metrics">Prometheus text of the operator's /metrics, or null when it could not be read.</param>
    public static MemorySample Parse(string rollup, string? metrics)
    {
        var fields = rollup.Split('\n')
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[1].TrimStart().Length > 0 && char.IsAsciiDigit(p[1].TrimStart()[0]))
            .ToDictionary(p => p[0].Trim(), p => long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024, StringComparer.Ordinal);
        var rss = fields["Rss"];
        var anonymous = fields["Anonymous"];
        // Everything resident that is not anonymous is backed by a file (shmem is 0 for the operator).
        return new MemorySample(rss, anonymous, rss - anonymous, metrics is null ? null : GcHeap(metrics));
    }

    private static long? GcHeap(string metrics)
    {
        var match = TotalMemory().Match(metrics);
        return match.Success ? (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^dotnet_total_memory_bytes\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex TotalMemory();
}
