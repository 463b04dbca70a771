using SensorService.Hosting;

namespace SensorService.Ingestion;

/// <summary>Limits on what one POST /api/readings may carry.</summary>
public sealed class IngestOptions : IValidatedOptions
{
    public static string Section => "Sensor";

    /// <summary>Largest accepted request body in bytes; a larger one gets 413.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Most readings in one JSON array; more gets 400.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Longest sensor id in characters (ids are letters, digits, '.', '_', '-', ':').</summary>
    public int MaxSensorIdLength { get; set; } = 64;

    /// <summary>
    /// Batches read and parsed at the same time; more get 503 with Retry-After. Each one holds its
    /// body (up to <see cref="MaxBodyBytes"/>) and its parsed readings until it is stored, so this
    /// bounds what a burst from any number of clients adds to the sensor's heap.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 16;

    public void Validate(OptionErrors errors)
    {
        errors.Range(nameof(MaxBodyBytes), MaxBodyBytes, 64, 16 * 1024 * 1024);
        errors.Range(nameof(MaxBatchSize), MaxBatchSize, 1, 100_000);
        errors.Range(nameof(MaxSensorIdLength), MaxSensorIdLength, 1, 256);
        errors.Range(nameof(MaxConcurrentBatches), MaxConcurrentBatches, 1, 10_000);
    }
}
