using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Memory;

public sealed class MemoryLimitOptions : ISectionOptions
{
    public const string Section = "Sensor:MemoryLimit";

    string ISectionOptions.Section => Section;

    /// <summary>How often the cgroup memory limit is read. An in-place resize is followed within this
    /// time; one small file read per interval costs nothing next to the CPU sampler's four a second.</summary>
    [Between("00:00:00.050", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Checks the rules on <see cref="MemoryLimitOptions"/>'s properties (source-generated).</summary>
[OptionsValidator]
public sealed partial class MemoryLimitOptionsValidator : IValidateOptions<MemoryLimitOptions>;
