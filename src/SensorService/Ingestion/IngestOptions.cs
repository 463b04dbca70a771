using Microsoft.Extensions.Options;
using SensorService.Hosting;

namespace SensorService.Ingestion;

/// <summary>Limits on what one POST /api/readings may carry.</summary>
public sealed class IngestOptions : ISectionOptions
{
    public const string Section = "Sensor";

    string ISectionOptions.Section => Section;

    /// <summary>Largest accepted request body in bytes; a larger one gets 413.</summary>
    [Between(64, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Most readings in one JSON array; more gets 400.</summary>
    [Between(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Longest sensor id in characters (ids are letters, digits, '.', '_', '-', ':').</summary>
    [Between(1, 256)]
    public int MaxSensorIdLength { get; set; } = 64;

    /// <summary>
    /// Batches read and parsed at the same time; more get 503 with Retry-After. Each one holds its
    /// body (up to <see cref="MaxBodyBytes"/>) and its parsed readings until it is stored, so this
    /// bounds what a burst from any number of clients adds to the sensor's heap.
    /// </summary>
    [Between(1, 10_000)]
    public int MaxConcurrentBatches { get; set; } = 16;
}

/// <summary>Checks the rules on <see cref="IngestOptions"/>'s properties (source-generated).</summary>
[OptionsValidator]
public sealed partial class IngestOptionsValidator : IValidateOptions<IngestOptions>;
