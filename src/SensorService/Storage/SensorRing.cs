namespace SensorService.Storage;

/// <summary>
/// A ring of one sensor's latest readings that never holds more than <see cref="Capacity"/>. The
/// array starts small and doubles up to the capacity, so a sensor that sends little costs little;
/// once full, each new reading overwrites the oldest. Not thread-safe: <see cref="ReadingStore"/> locks.
/// </summary>
public sealed class SensorRing(string sensorId, int capacity)
{
    private const int InitialSize = 16;
    private Reading[] items = new Reading[Math.Min(capacity, InitialSize)];
    private int next;

    public string SensorId { get; } = sensorId;

    public int Count { get; private set; }

    public int Capacity { get; } = capacity;

    /// <summary>The size of the backing array (grows to <see cref="Capacity"/>, never beyond).</summary>
    public int AllocatedSize => items.Length;

    /// <summary>Where this sensor sits in the store's least-recently-written list.</summary>
    internal LinkedListNode<SensorRing>? RecencyNode { get; set; }

    public void Add(Reading reading)
    {
        if (Count == items.Length && items.Length < Capacity)
        {
            // Not yet wrapped (a ring only wraps at full capacity), so the order is already oldest first.
            var larger = new Reading[Math.Min(Capacity, items.Length * 2)];
            items.CopyTo(larger, 0);
            items = larger;
            next = Count;
        }

        items[next] = reading;
        next = (next + 1) % items.Length;
        if (Count < items.Length)
        {
            Count++;
        }
    }

    public Reading Latest => Count == 0 ? throw new InvalidOperationException("empty ring") : items[(next - 1 + items.Length) % items.Length];

    /// <summary>Copies the newest <paramref name="max"/> readings, oldest first, into a new array.</summary>
    public Reading[] CopyLatest(int max)
    {
        var count = Math.Min(max, Count);
        var result = new Reading[count];
        CopyLatestTo(result.AsSpan(0, count));
        return result;
    }

    /// <summary>Copies the newest <c>destination.Length</c> readings, oldest first.</summary>
    public void CopyLatestTo(Span<Reading> destination)
    {
        var count = destination.Length;
        if (count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), "more readings asked for than stored");
        }

        var start = (next - count + items.Length) % items.Length;
        for (var i = 0; i < count; i++)
        {
            destination[i] = items[(start + i) % items.Length];
        }
    }
}
