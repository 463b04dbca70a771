using Microsoft.Extensions.Options;

namespace SensorService.Storage;

/// <summary>
/// The in-memory readings: one <see cref="SensorRing"/> per sensor, at most
/// <see cref="StoreOptions.MaxSensors"/> of them. Memory is bounded by construction: at most
/// MaxSensors x RingCapacity readings exist. One lock guards everything; every operation under
/// it is short (a batch of at most a thousand appends, or one buffer copy).
/// </summary>
public sealed class ReadingStore(IOptions<StoreOptions> options)
{
    private readonly Lock gate = new();
    private readonly StoreOptions limits = options.Value;
    private readonly Dictionary<string, SensorRing> sensors = new(StringComparer.Ordinal);

    // Least recently written first: the sensor evicted when a new one would exceed the cap.
    private readonly LinkedList<SensorRing> recency = new();
    private long accepted;
    private long evicted;

    public int RingCapacity => limits.RingCapacity;

    public int MaxSensors => limits.MaxSensors;

    /// <summary>Readings accepted since start (including ones since overwritten).</summary>
    public long AcceptedTotal => Interlocked.Read(ref accepted);

    /// <summary>Sensors dropped to make room for new ones since start.</summary>
    public long EvictedSensorsTotal => Interlocked.Read(ref evicted);

    public int SensorCount
    {
        get
        {
            lock (gate)
            {
                return sensors.Count;
            }
        }
    }

    /// <summary>Stores an already validated batch as one step: a concurrent reader sees all of it or none.</summary>
    public void AddBatch(ReadOnlySpan<SensorReading> batch)
    {
        lock (gate)
        {
            foreach (var item in batch)
            {
                var ring = GetOrCreate(item.SensorId);
                ring.Add(item.Reading);
                recency.Remove(ring.RecencyNode!);
                recency.AddLast(ring.RecencyNode!);
            }

            accepted += batch.Length;
        }
    }

    /// <summary>The newest readings of one sensor, oldest first; null for an unknown sensor.</summary>
    public Reading[]? Latest(string sensorId, int limit)
    {
        lock (gate)
        {
            return sensors.TryGetValue(sensorId, out var ring) ? ring.CopyLatest(limit) : null;
        }
    }

    /// <summary>The latest reading of each of the <paramref name="limit"/> most recently written sensors.</summary>
    public List<SensorReading> LatestPerSensor(int limit)
    {
        lock (gate)
        {
            var result = new List<SensorReading>(Math.Min(limit, sensors.Count));
            for (var node = recency.Last; node is not null && result.Count < limit; node = node.Previous)
            {
                result.Add(new SensorReading(node.Value.SensorId, node.Value.Latest));
            }

            return result;
        }
    }

    /// <summary>Fills <paramref name="into"/> with the current sensors (for background work).</summary>
    public void CopySensors(List<SensorRing> into)
    {
        into.Clear();
        lock (gate)
        {
            into.AddRange(sensors.Values);
        }
    }

    /// <summary>Copies up to <c>destination.Length</c> newest readings of a ring; returns how many.</summary>
    public int CopyReadings(SensorRing ring, Span<Reading> destination)
    {
        lock (gate)
        {
            var count = Math.Min(destination.Length, ring.Count);
            ring.CopyLatestTo(destination[..count]);
            return count;
        }
    }

    private SensorRing GetOrCreate(string sensorId)
    {
        if (sensors.TryGetValue(sensorId, out var ring))
        {
            return ring;
        }

        if (sensors.Count >= limits.MaxSensors)
        {
            var oldest = recency.First!;
            recency.RemoveFirst();
            sensors.Remove(oldest.Value.SensorId);
            evicted++;
        }

        ring = new SensorRing(sensorId, limits.RingCapacity);
        ring.RecencyNode = recency.AddLast(ring);
        sensors.Add(sensorId, ring);
        return ring;
    }
}
