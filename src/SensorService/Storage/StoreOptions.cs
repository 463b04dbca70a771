using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Storage;

/// <summary>The bounds that keep the store's memory fixed whatever the clients send.</summary>
public sealed class StoreOptions : ISectionOptions
{
    public const string Section = "Sensor";

    string ISectionOptions.Section => Section;

    /// <summary>Readings kept per sensor; the oldest is overwritten when a sensor's buffer is full.</summary>
    [Between(1, 100_000)]
    public int RingCapacity { get; set; } = 500;

    /// <summary>
    /// Distinct sensors kept. A reading for a new sensor when this many are stored evicts the sensor
    /// that has gone longest without a reading (its buffer is dropped), so new sensors are always
    /// accepted and memory stays bounded.
    /// </summary>
    [Between(1, 1_000_000)]
    public int MaxSensors { get; set; } = 1000;
}

/// <summary>Checks the rules on <see cref="StoreOptions"/>'s properties (source-generated).</summary>
[OptionsValidator]
public sealed partial class StoreOptionsValidator : IValidateOptions<StoreOptions>;
