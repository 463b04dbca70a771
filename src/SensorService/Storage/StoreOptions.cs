using SensorService.Hosting;

namespace SensorService.Storage;

/// <summary>The bounds that keep the store's memory fixed whatever the clients send.</summary>
public sealed class StoreOptions : IValidatedOptions
{
    public static string Section => "Sensor";

    /// <summary>Readings kept per sensor; the oldest is overwritten when a sensor's buffer is full.</summary>
    public int RingCapacity { get; set; } = 500;

    /// <summary>
    /// Distinct sensors kept. A reading for a new sensor when this many are stored evicts the sensor
    /// that has gone longest without a reading (its buffer is dropped), so new sensors are always
    /// accepted and memory stays bounded.
    /// </summary>
    public int MaxSensors { get; set; } = 1000;

    public void Validate(OptionErrors errors)
    {
        errors.Range(nameof(RingCapacity), RingCapacity, 1, 100_000);
        errors.Range(nameof(MaxSensors), MaxSensors, 1, 1_000_000);
    }
}
