using SensorService.Hosting;

namespace SensorService.Cpu;

public sealed class CpuSpikeOptions : IValidatedOptions
{
    public static string Section => "Sensor:CpuSpike";

    /// <summary>Fraction of the CPU limit above which the process is in a spike (strictly above).</summary>
    public double Threshold { get; set; } = 0.60;

    /// <summary>How often CPU use is sampled; also the shortest spike that can be seen.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Where the cgroup file system is mounted.</summary>
    public string CgroupRoot { get; set; } = "/sys/fs/cgroup";

    public void Validate(OptionErrors errors)
    {
        errors.Range(nameof(Threshold), Threshold, 0.01, 1.0);
        errors.Range(nameof(SampleInterval), SampleInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        if (string.IsNullOrWhiteSpace(CgroupRoot))
        {
            errors.Fail(nameof(CgroupRoot), CgroupRoot, "must be a directory path");
        }
    }
}
