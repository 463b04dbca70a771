using SensorService.Cpu;

namespace SensorService.Memory;

/// <summary>
/// The memory limit of this process's cgroup (v2 <c>memory.max</c>, v1 <c>memory.limit_in_bytes</c>),
/// what the kubelet sets from the container's limit and changes when a pod is resized in place.
/// <see cref="MemoryLimitWatcher"/> reads it in the background. Null when there is no cgroup or no limit.
/// </summary>
public sealed class CgroupMemoryLimit(Func<long?> read)
{
    /// <summary>The limit in bytes; null when there is none or the file cannot be read as one (an
    /// alert then stays silent rather than the scrape failing).</summary>
    public long? Read()
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Finds the limit file of the process's cgroup below <paramref name="root"/>.</summary>
    public static CgroupMemoryLimit Detect(string root, string procSelfCgroupFile)
    {
        var membership = File.Exists(procSelfCgroupFile) ? File.ReadAllText(procSelfCgroupFile) : "";
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
        {
            var file = Path.Combine(CgroupCpuSource.Resolve(root, CgroupFiles.FindPath(membership, controller: null)), "memory.max");
            return new CgroupMemoryLimit(() => File.Exists(file) ? CgroupFiles.ParseMemoryMax(File.ReadAllText(file)) : null);
        }

        var mount = Path.Combine(root, "memory");
        var v1File = Path.Combine(CgroupCpuSource.Resolve(mount, CgroupFiles.FindPath(membership, "memory")), "memory.limit_in_bytes");
        return new CgroupMemoryLimit(() => File.Exists(v1File) ? CgroupFiles.ParseMemoryLimitInBytes(File.ReadAllText(v1File)) : null);
    }
}
