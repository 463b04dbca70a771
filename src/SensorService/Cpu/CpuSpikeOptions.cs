using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Cpu;

public sealed class CpuSpikeOptions : ISectionOptions
{
    public const string Section = "Sensor:CpuSpike";

    string ISectionOptions.Section => Section;

    /// <summary>Fraction of the CPU limit above which the process is in a spike (strictly above).</summary>
    [Between(0.01, 1.0)]
    public double Threshold { get; set; } = 0.60;

    /// <summary>How often CPU use is sampled; also the shortest spike that can be seen.</summary>
    [Between("00:00:00.010", "00:01:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Where the cgroup file system is mounted.</summary>
    [NotBlank("must be a directory path")]
    public string CgroupRoot { get; set; } = "/sys/fs/cgroup";
}

/// <summary>Checks the rules on <see cref="CpuSpikeOptions"/>'s properties (source-generated).</summary>
[OptionsValidator]
public sealed partial class CpuSpikeOptionsValidator : IValidateOptions<CpuSpikeOptions>;
