namespace SensorService.Storage;

/// <summary>One stored reading: 16 bytes, so a full buffer's size is known in advance.</summary>
public readonly record struct Reading(double Value, long UnixTimeMilliseconds)
{
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(UnixTimeMilliseconds);
}

/// <summary>A validated reading on its way into the store.</summary>
public readonly record struct SensorReading(string SensorId, Reading Reading);
