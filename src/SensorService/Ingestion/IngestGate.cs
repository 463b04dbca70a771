using Microsoft.Extensions.Options;

namespace SensorService.Ingestion;

/// <summary>
/// Bounds how many POST /api/readings bodies are buffered and parsed at once. Each one holds up to
/// <see cref="IngestOptions.MaxBodyBytes"/> plus its parsed readings until it is stored, so this
/// bound, not the number of clients, caps what a burst adds to the heap: a request over it is
/// turned away at once with 503 and Retry-After instead of growing the heap toward its hard limit.
/// </summary>
public sealed class IngestGate(IOptions<IngestOptions> options)
{
    private int inFlight;

    /// <summary>Batches being read or parsed right now.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Takes a place, or returns false (taking nothing) when all are taken.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref inFlight) <= options.Value.MaxConcurrentBatches)
        {
            return true;
        }

        Interlocked.Decrement(ref inFlight);
        return false;
    }

    /// <summary>Gives back a place taken by <see cref="TryEnter"/>.</summary>
    public void Exit() => Interlocked.Decrement(ref inFlight);
}
