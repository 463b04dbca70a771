using System.Text.Json.Serialization;

namespace SensorService.Ingestion;

/// <summary>A reading as a client sends it. Every field is optional here so that a missing one
/// gets a precise validation message instead of a generic JSON error.</summary>
public sealed class ReadingInput
{
    public string? SensorId { get; set; }

    // "NaN"/"Infinity" strings are read so that validation can say "must be a finite number".
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? Value { get; set; }

    public DateTimeOffset? Timestamp { get; set; }
}

/// <summary>202 body of POST /api/readings.</summary>
public sealed record AcceptedResponse(int Accepted);

/// <summary>One stored reading as GET /api/readings returns it.</summary>
public sealed record ReadingOutput(double Value, DateTimeOffset Timestamp);

/// <summary>GET /api/readings?sensorId=ID: that sensor's latest readings, oldest first.</summary>
public sealed record SensorReadingsResponse(string SensorId, IReadOnlyList<ReadingOutput> Readings);

/// <summary>The latest reading of one sensor.</summary>
public sealed record LatestReading(string SensorId, double Value, DateTimeOffset Timestamp);

/// <summary>GET /api/readings without sensorId: the latest reading of the most recently written sensors.</summary>
public sealed record LatestReadingsResponse(IReadOnlyList<LatestReading> Sensors);
