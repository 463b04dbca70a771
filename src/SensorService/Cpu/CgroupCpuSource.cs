using System.Globalization;

namespace SensorService.Cpu;

/// <summary>
/// CPU use measured against the CPU limit. The limit comes from the process's cgroup (v2
/// <c>cpu.max</c>; v1 <c>cpu.cfs_quota_us</c>/<c>cpu.cfs_period_us</c>), capped by the processor
/// count, which is also the limit when there is no quota. The usage comes from the cgroup
/// (<c>cpu.stat</c> / <c>cpuacct.usage</c>) when the process is alone in it, as in a container;
/// when the cgroup is shared with other processes, from the process's own CPU time instead.
/// </summary>
public sealed class CgroupCpuSource : ICpuUsageSource
{
    private readonly Func<double?> readQuota;
    private readonly Func<TimeSpan> readUsage;
    private readonly int processorCount;

    private CgroupCpuSource(string description, Func<double?> readQuota, Func<TimeSpan> readUsage, int processorCount)
    {
        Description = description;
        this.readQuota = readQuota;
        this.readUsage = readUsage;
        this.processorCount = processorCount;
    }

    public string Description { get; }

    /// <summary>Finds the cgroup of this process below <paramref name="root"/>; falls back to the
    /// processor count and the process's CPU time when there is none.</summary>
    public static CgroupCpuSource Detect(string root, string procSelfCgroupFile, int processorCount, int processId, Func<TimeSpan> processUsage)
    {
        var membership = File.Exists(procSelfCgroupFile) ? File.ReadAllText(procSelfCgroupFile) : "";
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
        {
            var dir = Resolve(root, CgroupFiles.FindPath(membership, controller: null));
            var cpuMax = Path.Combine(dir, "cpu.max");
            var cpuStat = Path.Combine(dir, "cpu.stat");
            var usage = AloneIn(dir, processId) && File.Exists(cpuStat)
                ? () => CgroupFiles.ParseCpuStatUsage(File.ReadAllText(cpuStat))
                : processUsage;
            return new CgroupCpuSource(
                $"cgroup v2 {dir}, usage from {(usage == processUsage ? "the process" : "cpu.stat")}",
                () => File.Exists(cpuMax) ? CgroupFiles.ParseCpuMax(File.ReadAllText(cpuMax)) : null,
                usage,
                processorCount);
        }

        var cpuMount = FirstDirectory(root, "cpu", "cpu,cpuacct");
        var acctMount = FirstDirectory(root, "cpuacct", "cpu,cpuacct");
        if (cpuMount is null && acctMount is null)
        {
            return new CgroupCpuSource($"no cgroup under {root}: the processor count and the process's CPU time", () => null, processUsage, processorCount);
        }

        Func<double?> quota = () => null;
        if (cpuMount is not null)
        {
            var cpuDir = Resolve(cpuMount, CgroupFiles.FindPath(membership, "cpu"));
            var quotaFile = Path.Combine(cpuDir, "cpu.cfs_quota_us");
            var periodFile = Path.Combine(cpuDir, "cpu.cfs_period_us");
            quota = () => File.Exists(quotaFile) && File.Exists(periodFile)
                ? CgroupFiles.ParseCfsQuota(File.ReadAllText(quotaFile), File.ReadAllText(periodFile))
                : null;
        }

        var v1Usage = processUsage;
        var acctDescription = "the process";
        if (acctMount is not null)
        {
            var acctDir = Resolve(acctMount, CgroupFiles.FindPath(membership, "cpuacct"));
            var usageFile = Path.Combine(acctDir, "cpuacct.usage");
            if (AloneIn(acctDir, processId) && File.Exists(usageFile))
            {
                v1Usage = () => CgroupFiles.ParseCpuacctUsage(File.ReadAllText(usageFile));
                acctDescription = "cpuacct.usage";
            }
        }

        return new CgroupCpuSource($"cgroup v1 {cpuMount ?? acctMount}, usage from {acctDescription}", quota, v1Usage, processorCount);
    }

    /// <summary>The production source: this process in this machine's cgroup file system.</summary>
    public static CgroupCpuSource ForCurrentProcess(string root) =>
        Detect(root, "/proc/self/cgroup", Environment.ProcessorCount, Environment.ProcessId, () => Environment.CpuUsage.TotalTime);

    public CpuReading Read()
    {
        var quota = readQuota();
        var limit = quota is { } q ? Math.Min(q, processorCount) : processorCount;
        return new CpuReading(readUsage(), limit);
    }

    // Inside a container the mount is the container's own cgroup, while /proc/self/cgroup may
    // still name the path as the host sees it; a path that does not exist means "the mount itself".
    internal static string Resolve(string mount, string? relative)
    {
        if (string.IsNullOrEmpty(relative) || relative == "/")
        {
            return mount;
        }

        var candidate = Path.Combine(mount, relative.TrimStart('/'));
        return Directory.Exists(candidate) ? candidate : mount;
    }

    private static string? FirstDirectory(string root, params string[] names) =>
        names.Select(n => Path.Combine(root, n)).FirstOrDefault(Directory.Exists);

    private static bool AloneIn(string dir, int processId)
    {
        var procs = Path.Combine(dir, "cgroup.procs");
        if (!File.Exists(procs))
        {
            return false;
        }

        var pids = File.ReadAllLines(procs).Where(l => l.Length > 0).ToList();
        return pids.Count == 1 && pids[0].Trim() == processId.ToString(CultureInfo.InvariantCulture);
    }
}
