using System.Text.Json;
using Microsoft.Extensions.Options;
using SensorService.Analysis;
using SensorService.Metrics;
using SensorService.Storage;

namespace SensorService.Stats;

/// <summary>
/// Recomputes the aggregates on a schedule and keeps them as ready-made JSON, so GET /api/stats is
/// a constant-time read however many readings are stored. It also keeps the store and process
/// gauges of /metrics current, so a scrape only reads values.
/// </summary>
public sealed class StatsAggregator(
    ReadingStore store,
    AnomalyAnalyzer analyzer,
    SensorMetrics metrics,
    IOptions<StatsOptions> options,
    TimeProvider time) : BackgroundService
{
    private readonly List<SensorRing> sensors = [];
    private readonly Reading[] scratch = new Reading[store.RingCapacity];
    private readonly Lock refreshing = new();
    private StatsResult current = StatsResult.Empty;
    private long previouslyEvicted;

    /// <summary>The latest aggregates and their serialized form (computed on first use if the
    /// background loop has not run yet).</summary>
    public StatsResult Current
    {
        get
        {
            var result = Volatile.Read(ref current);
            if (result.Snapshot is null)
            {
                Refresh();
                result = Volatile.Read(ref current);
            }

            return result;
        }
    }

    /// <summary>Recomputes now (the background loop calls this every interval).</summary>
    public StatsSnapshot Refresh()
    {
        lock (refreshing)
        {
            store.CopySensors(sensors);
            long stored = 0;
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            foreach (var ring in sensors)
            {
                var count = store.CopyReadings(ring, scratch);
                stored += count;
                foreach (var reading in scratch.AsSpan(0, count))
                {
                    min = Math.Min(min, reading.Value);
                    max = Math.Max(max, reading.Value);
                    sum += reading.Value;
                }
            }

            var snapshot = new StatsSnapshot(
                time.GetUtcNow(),
                sensors.Count,
                store.MaxSensors,
                store.RingCapacity,
                stored,
                store.AcceptedTotal,
                store.EvictedSensorsTotal,
                stored == 0 ? null : new ValueSummary(min, max, sum / stored),
                analyzer.Latest);
            sensors.Clear();

            var evicted = snapshot.SensorsEvicted;
            metrics.SensorsEvicted.Inc(evicted - previouslyEvicted);
            previouslyEvicted = evicted;
            metrics.Sensors.Set(snapshot.Sensors);
            metrics.SensorLimit.Set(snapshot.MaxSensors);
            metrics.ReadingsStored.Set(stored);
            metrics.Process.Update();
            metrics.StatsUpdated.Set(snapshot.GeneratedAt.ToUnixTimeMilliseconds() / 1000.0);

            Volatile.Write(ref current, new StatsResult(snapshot, JsonSerializer.SerializeToUtf8Bytes(snapshot, SensorJsonContext.Default.StatsSnapshot)));
            return snapshot;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Refresh();
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Refresh();
        }
    }
}

/// <summary>A snapshot and its JSON, swapped together so a reader never sees a mismatch.</summary>
public sealed record StatsResult(StatsSnapshot? Snapshot, byte[] Json)
{
    public static StatsResult Empty { get; } = new(null, "{}"u8.ToArray());
}
