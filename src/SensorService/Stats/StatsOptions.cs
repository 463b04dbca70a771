using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Stats;

public sealed class StatsOptions : ISectionOptions
{
    public const string Section = "Sensor:Stats";

    string ISectionOptions.Section => Section;

    /// <summary>How often the aggregates behind GET /api/stats and the store gauges are recomputed.</summary>
    [Between("00:00:00.010", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks the rules on <see cref="StatsOptions"/>'s properties (source-generated).</summary>
[OptionsValidator]
public sealed partial class StatsOptionsValidator : IValidateOptions<StatsOptions>;
