namespace SensorService.Cpu;

/// <summary>Cumulative CPU time used and the CPU limit it is measured against.</summary>
public readonly record struct CpuReading(TimeSpan Used, double LimitCores);

/// <summary>Where CPU use comes from: cgroup files in production, a script in tests.</summary>
public interface ICpuUsageSource
{
    /// <summary>What is measured, for the startup log (e.g. "cgroup v2 /sys/fs/cgroup, limit 1.5 cores").</summary>
    string Description { get; }

    CpuReading Read();
}
