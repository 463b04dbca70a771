using SensorService.Hosting;

namespace SensorService.Stats;

public sealed class StatsOptions : IValidatedOptions
{
    public static string Section => "Sensor:Stats";

    /// <summary>How often the aggregates behind GET /api/stats and the store gauges are recomputed.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    public void Validate(OptionErrors errors) =>
        errors.Range(nameof(Interval), Interval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
}
