using System.Threading.RateLimiting;

namespace ControllerMachinery;

/// <summary>
/// client-go's client-side QPS/Burst as a <see cref="TokenBucketRateLimiter"/>: bursts pass at once,
/// sustained load is paced to QPS, waiters are served oldest first. The limiter refills on the real
/// clock (it measures elapsed time itself, even when refilled by hand), so this is the one part of
/// the machinery that a fake TimeProvider does not drive.
/// </summary>
public sealed class ClientRateLimit : IDisposable
{
    /// <summary>Refills closer together than this cost timer wake-ups for no smoother pacing.</summary>
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(50);

    private readonly TokenBucketRateLimiter _limiter;

    public ClientRateLimit(double qps, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        var period = TimeSpan.FromSeconds(1 / qps);
        var tokensPerPeriod = 1;
        if (period < ShortestPeriod)
        {
            tokensPerPeriod = (int)Math.Round(qps * ShortestPeriod.TotalSeconds);
            period = ShortestPeriod;
        }

        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Waits for a token (in arrival order).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("the client rate limiter refused a request although its queue is unbounded");
        }
    }

    /// <summary>Tokens available now (at most the burst).</summary>
    public long Available => _limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

    public void Dispose() => _limiter.Dispose();
}
